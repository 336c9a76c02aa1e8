using System.Threading.Tasks;
using PyDis.Core.Decoding;
using Xunit;

namespace PyDis.Core.Tests.Decoding
{
    public class NumberTextCacheTests
    {
        [Fact]
        public void Keeps_texts_below_its_limit_growing_as_larger_numbers_come()
        {
            var cache = new NumberTextCache(1000);
            Assert.Null(cache.Find(5));
            Assert.Equal("five", cache.Keep(5, "five"));
            Assert.Equal("five", cache.Find(5));
            Assert.Equal("n999", cache.Keep(999, "n999"));   // grows past its first 64 slots, keeping what it had
            Assert.Equal("five", cache.Find(5));
            Assert.Equal("n999", cache.Find(999));
            Assert.Equal("big", cache.Keep(1000, "big"));    // at the limit and beyond: returned, not kept
            Assert.Null(cache.Find(1000));
            Assert.Equal("neg", cache.Keep(-1, "neg"));
            Assert.Null(cache.Find(-1));
        }

        [Fact]
        public void Threads_sharing_it_always_get_the_right_text()
        {
            var cache = new NumberTextCache(8192);
            Parallel.For(0, 8, t =>
            {
                for (int round = 0; round < 3; round++)
                    for (int n = 0; n < 8192; n += 1 + t)
                        Assert.Equal(n.ToString(), cache.Find(n) ?? cache.Keep(n, n.ToString()));
            });
        }
    }
}
