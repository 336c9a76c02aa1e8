using System.Linq;
using System.Text;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Tests.Marshal;

namespace PyDis.Core.Tests.Pyc
{
    public class PycWriterTests
    {
        [Fact]
        public void SourceHashIsImportlibsForEveryHashBasedRelease()
        {
            int n = 0;
            foreach (var v in MarshalSamples.Versions())
            {
                var version = PyVersion.Parse(v);
                foreach (var pyc in MarshalSamples.Load(v).GetProperty("pycs").EnumerateArray())
                {
                    if (!pyc.TryGetProperty("source_hash", out var hash)) continue;
                    Assert.Equal(hash.GetString(), MarshalSamples.ToHex(SourceHash.Of(Encoding.ASCII.GetBytes("x = 1\n"), version)));
                    n++;
                }
            }
            Assert.True(n >= 9 * 3, $"{n} samples");
        }
    }
}
