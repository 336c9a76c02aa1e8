using System;
using PyDis.Core.Opcodes;
using static PyDis.Core.Releases.MagicSpec;

namespace PyDis.Core.Releases
{
    /// <summary>
    /// The one list of the releases PyDis reads. Adding a release line is one entry here (its magic numbers,
    /// Unicode version and generated opcode table) plus whatever rule truly changed in it (the eras in
    /// MarshalRules, DecodeRules, TableRules, FormatRules, ReprRules); docs/design.md, "Adding Python 3.16".
    /// </summary>
    internal static class SupportedReleases
    {
        internal static readonly ReleaseRegistry Registry = new ReleaseRegistry(Entries());

        /// <summary>Every supported release, oldest first.</summary>
        internal static ReleaseEntry[] Entries() => new[]
        {
            Entry(2, 7, null, OpcodeTables.V2_7, StackEffectTables.V2_7,
                Pre("2.7a0", 62171, 62181, 62191, 62201), Final(62211, "2.7"), UnicodeVariant(62212, "2.7")),

            // Stack effects: 3.0-3.3 from compile.c, 3.4-3.5 from dis.stack_effect.
            Entry(3, 0, "5.1", OpcodeTables.V3_0, StackEffectTables.V3_0,
                Pre("3000", 3000, 3010, 3020, 3030, 3040, 3050, 3060, 3061, 3071, 3081, 3091, 3101, 3103),
                Pre("3.0a4", 3111), Final(3131, "3.0"), UnicodeVariant(3132, "3.0")),
            Entry(3, 1, "5.1", OpcodeTables.V3_1, StackEffectTables.V3_1,
                Pre("3.1a1", 3141), Final(3151, "3.1"), UnicodeVariant(3152, "3.1")),
            Entry(3, 2, "6.0", OpcodeTables.V3_2, StackEffectTables.V3_2,
                Pre("3.2a1", 3160), Pre("3.2a2", 3170), Final(3180, "3.2")),
            Entry(3, 3, "6.1", OpcodeTables.V3_3, StackEffectTables.V3_3,
                Pre("3.3a1", 3190, 3200, 3210), Pre("3.3a2", 3220), Final(3230, "3.3")),
            Entry(3, 4, "6.3", OpcodeTables.V3_4, StackEffectTables.V3_4,
                Pre("3.4a1", 3250, 3260, 3270, 3280), Pre("3.4a4", 3290, 3300), Final(3310, "3.4")),
            // 3351: the BUILD_MAP_UNPACK_WITH_CALL fix. CPython's comment says "3.5.2", but it landed after 3.5.2
            // (whose interpreter writes 3350); 3.5.3-3.5.10 write 3351.
            Entry(3, 5, "8.0", OpcodeTables.V3_5, StackEffectTables.V3_5,
                Pre("3.5a1", 3320), Pre("3.5b1", 3330), Pre("3.5b2", 3340), Final(3350, "3.5"), Final(3351, "3.5.3")),

            Entry(3, 6, "9.0", OpcodeTables.V3_6, StackEffectTables.V3_6,
                Pre("3.6a0", 3360), Pre("3.6a1", 3361), Pre("3.6a2", 3370, 3371, 3372),
                Pre("3.6b1", 3373, 3375, 3376, 3377), Pre("3.6b2", 3378), Final(3379, "3.6")),
            Entry(3, 7, "11.0", OpcodeTables.V3_7, StackEffectTables.V3_7,
                Pre("3.7a1", 3390), Pre("3.7a2", 3391), Pre("3.7a4", 3392), Pre("3.7b1", 3393), Final(3394, "3.7")),
            Entry(3, 8, "12.1", OpcodeTables.V3_8, StackEffectTables.V3_8,
                Pre("3.8a1", 3400, 3401, 3410), Pre("3.8b2", 3411, 3412), Final(3413, "3.8")),
            Entry(3, 9, "13.0", OpcodeTables.V3_9, StackEffectTables.V3_9,
                Pre("3.9a0", 3420, 3421, 3422), Pre("3.9a2", 3423, 3424), Final(3425, "3.9")),
            Entry(3, 10, "13.0", OpcodeTables.V3_10, StackEffectTables.V3_10,
                Pre("3.10a1", 3430, 3431), Pre("3.10a2", 3432, 3433), Pre("3.10a6", 3434), Pre("3.10a7", 3435),
                Pre("3.10b1", 3436, 3437, 3438), Final(3439, "3.10")),
            Entry(3, 11, "14.0", OpcodeTables.V3_11, StackEffectTables.V3_11,
                PreRange("3.11a1", 3450, 3461), Pre("3.11a2", 3462), Pre("3.11a3", 3463, 3464, 3465),
                PreRange("3.11a4", 3466, 3474), PreRange("3.11a5", 3475, 3485), PreRange("3.11a6", 3486, 3491),
                Pre("3.11a7", 3492, 3493, 3494), Final(3495, "3.11")),
            Entry(3, 12, "15.0", OpcodeTables.V3_12, StackEffectTables.V3_12,
                PreRange("3.12a1", 3500, 3509), Pre("3.12a2", 3510, 3511, 3512), Pre("3.12a4", 3513, 3514),
                Pre("3.12a5", 3515, 3516, 3517), Pre("3.12a6", 3518, 3519, 3520), Pre("3.12a7", 3521, 3522, 3523, 3524),
                PreRange("3.12b1", 3525, 3530), Final(3531, "3.12")),
            Entry(3, 13, "15.1", OpcodeTables.V3_13, StackEffectTables.V3_13,
                PreRange("3.13a1", 3550, 3568), Pre("3.13a5", 3569), Pre("3.13a6", 3570), Final(3571, "3.13")),
            Entry(3, 14, "16.0", OpcodeTables.V3_14, StackEffectTables.V3_14,
                PreRange("3.14a1", 3600, 3608), Pre("3.14a2", 3609), PreRange("3.14a4", 3610, 3613),
                PreRange("3.14a5", 3614, 3616), PreRange("3.14a6", 3617, 3620), PreRange("3.14a7", 3621, 3623),
                Pre("3.14b1", 3624), Pre("3.14b3", 3625), Pre("3.14rc2", 3626), Final(3627, "3.14")),
            // 3650-3657 are in pycore_magic_number.h; 3.15.0rc1 writes 3666. Each format change adds 1
            // ("incremented by 1 each time the file format changes"), so 3658-3665 were 3.15 builds too.
            Entry(3, 15, "17.0", OpcodeTables.V3_15, StackEffectTables.V3_15,
                Pre("3.15a0", 3650), PreRange("3.15a1", 3651, 3656), PreRange("3.15 dev", 3657, 3665), Final(3666, "3.15.0rc1")),
        };

        /// <summary>
        /// One release: <paramref name="unicodeVersion"/> is its unicodedata.unidata_version (null for 2.7),
        /// <paramref name="opcodes"/> and <paramref name="stackEffects"/> its generated tables (stack effects: null
        /// when it has none yet).
        /// </summary>
        private static ReleaseEntry Entry(int major, int minor, string? unicodeVersion, Func<OpcodeTable> opcodes,
            Func<StackEffectTable>? stackEffects, params MagicSpec[] magics)
        {
            var entry = ReleaseEntry.WithStandardRules(new PyVersion(major, minor), unicodeVersion);
            entry.OpcodeTable = opcodes;
            entry.StackEffectTable = stackEffects;
            entry.StackEffectTableAbsent = stackEffects is null;
            foreach (var m in magics) entry.Magics.Add(m);
            return entry;
        }
    }
}
