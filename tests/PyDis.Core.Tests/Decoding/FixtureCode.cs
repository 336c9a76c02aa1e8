using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PyDis.Core.Model;
using PyDis.Core.CodeTables;
using PyDis.Core.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Decoding
{
    /// <summary>Reads the interpreter-produced fixture JSON (tests/fixtures/README.md) into decoder inputs.</summary>
    internal static class FixtureCode
    {
        /// <summary>
        /// <see cref="FixtureCatalog.Root"/>, unless PYDIS_FIXTURES names another folder laid out as &lt;X.Y&gt;/
        /// (e.g. a stdlib dump) for the decoder and facade tests to run on.
        /// </summary>
        public static string FixturesRoot
        {
            get
            {
                var env = Environment.GetEnvironmentVariable("PYDIS_FIXTURES");
                return string.IsNullOrEmpty(env) ? FixtureCatalog.Root : env!;
            }
        }

        public static string[] Strings(JsonElement e)
        {
            var list = new List<string>();
            foreach (var x in e.EnumerateArray()) list.Add(x.GetString()!);
            return list.ToArray();
        }

        /// <summary>
        /// A CodeObject from a fixture "co" entry, or null when co_code was summarised (too large to store).
        /// 3.11+ localsplus is rebuilt as the compiler lays it out: varnames, cells that are not locals, freevars.
        /// </summary>
        public static CodeObject? Code(PyVersion version, JsonElement co)
        {
            var codeEl = co.GetProperty("co_code");
            if (codeEl.ValueKind != JsonValueKind.String) return null;
            var code = new CodeObject(version)
            {
                Code = FixtureCatalog.Hex(codeEl.GetString()!),
                Names = Strings(co.GetProperty("co_names")),
                VarNames = Strings(co.GetProperty("co_varnames")),
                CellVars = co.TryGetProperty("co_cellvars", out var cv) ? Strings(cv) : Array.Empty<string>(),
                FreeVars = co.TryGetProperty("co_freevars", out var fv) ? Strings(fv) : Array.Empty<string>(),
                Name = co.GetProperty("co_name").GetString()!,
                FirstLineNo = co.GetProperty("co_firstlineno").GetInt32(),
            };
            if (co.TryGetProperty("co_qualname", out var qn)) code.QualName = qn.GetString();
            if (version >= new PyVersion(3, 11))
            {
                var plus = new List<string>(code.VarNames);
                foreach (var c in code.CellVars) if (!plus.Contains(c)) plus.Add(c);
                plus.AddRange(code.FreeVars);
                code.LocalsPlusNames = plus.ToArray();
            }
            return code;
        }

        /// <summary>Decoder facts from the fixture's own findlinestarts / co_positions / exception entries / const reprs.</summary>
        public static DecodeContext Facts(JsonElement entry)
        {
            var co = entry.GetProperty("co");
            var starts = new List<KeyValuePair<int, int?>>();
            var ls = entry.GetProperty("linestarts");
            if (ls.ValueKind == JsonValueKind.Array)
                foreach (var p in ls.EnumerateArray())
                    starts.Add(new KeyValuePair<int, int?>(p[0].GetInt32(), p[1].ValueKind == JsonValueKind.Null ? null : p[1].GetInt32()));
            Positions[]? positions = null;
            if (entry.TryGetProperty("positions", out var pos) && pos.ValueKind == JsonValueKind.Array)
            {
                var list = new List<Positions>();
                foreach (var p in pos.EnumerateArray()) list.Add(ToPositions(p));
                positions = list.ToArray();
            }
            var ex = new List<ExceptionRange>();
            if (entry.TryGetProperty("exception_entries", out var ee) && ee.ValueKind == JsonValueKind.Array)
                foreach (var e in ee.EnumerateArray())
                    ex.Add(new ExceptionRange(e[0].GetInt32(), e[1].GetInt32(), e[2].GetInt32()));
            return new DecodeContext(starts, positions, ex, Strings(co.GetProperty("co_consts")));
        }

        public static Positions ToPositions(JsonElement p)
        {
            if (p.ValueKind != JsonValueKind.Array) return default;
            int? At(int i) => p.GetArrayLength() > i && p[i].ValueKind == JsonValueKind.Number ? p[i].GetInt32() : (int?)null;
            return new Positions(At(0), At(1), At(2), At(3));
        }
    }
}
