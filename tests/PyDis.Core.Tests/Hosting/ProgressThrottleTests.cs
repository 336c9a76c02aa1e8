using System;
using PyDis.Core.Hosting;

namespace PyDis.Core.Tests.Hosting
{
    public class ProgressThrottleTests
    {
        private TimeSpan _now;

        private ProgressThrottle Make() => new ProgressThrottle(() => _now);

        private bool At(ProgressThrottle t, double seconds)
        {
            _now = TimeSpan.FromSeconds(seconds);
            return t.ShouldReport();
        }

        [Fact]
        public void NothingDuringTheFirstTwoSeconds()
        {
            var t = Make();
            Assert.False(At(t, 0));
            Assert.False(At(t, 1.999));
            Assert.False(t.HasReported);
        }

        [Fact]
        public void FirstReportAfterTwoSecondsThenAtMostFourPerSecond()
        {
            var t = Make();
            Assert.True(At(t, 2.0));
            Assert.True(t.HasReported);
            Assert.False(At(t, 2.1));
            Assert.False(At(t, 2.249));
            Assert.True(At(t, 2.25));
            Assert.False(At(t, 2.3));
            Assert.True(At(t, 10));
        }

        [Fact]
        public void ThrottlesBuiltWithoutAClockUseTheClockFactoryUntilItIsReset()
        {
            var simulated = TimeSpan.FromSeconds(5);
            Func<Func<TimeSpan>> factory = () => () => simulated;
            ProgressThrottle.ClockFactory = factory;
            try
            {
                Assert.True(new ProgressThrottle().ShouldReport());
            }
            finally
            {
                ProgressThrottle.ClockFactory = null!;
            }
            // Back on the stopwatch: a running clock (only its direction is checked, never its speed).
            Assert.NotSame(factory, ProgressThrottle.ClockFactory);
            var clock = ProgressThrottle.ClockFactory();
            var first = clock();
            Assert.True(clock() >= first);
        }

        [Fact]
        public void AThousandFilesInTenSecondsGiveAtMostThirtyThreeRecords()
        {
            var t = Make();
            int reports = 0;
            for (int i = 0; i < 1000; i++)
                if (At(t, i * 0.01)) reports++;
            Assert.InRange(reports, 1, (int)((10 - 2) / 0.25) + 1);
        }
    }
}
