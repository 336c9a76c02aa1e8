using System;
using System.Diagnostics;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// Decides when a multi-file run reports progress: never during the first <see cref="Delay"/> (short
    /// runs show nothing, as PowerShell's own file-system provider does), then at most once per
    /// <see cref="Interval"/> so progress costs no throughput. One instance per command invocation.
    /// </summary>
    public sealed class ProgressThrottle
    {
        private readonly Func<TimeSpan> _clock;
        private TimeSpan? _last;

        /// <summary>A throttle on the clock <see cref="ClockFactory"/> gives (a new stopwatch unless a test replaced it).</summary>
        public ProgressThrottle() : this(ClockFactory()) { }

        /// <param name="clock">Elapsed time since the run started (injectable for tests).</param>
        public ProgressThrottle(Func<TimeSpan> clock) { _clock = clock ?? throw new ArgumentNullException(nameof(clock)); }

        /// <summary>
        /// Makes the clock of each throttle built without one (the cmdlets' throttles): by default a stopwatch
        /// started at that moment. Tests set a simulated clock so which files report progress is exact on any
        /// machine, however busy; setting null restores the stopwatch.
        /// </summary>
        public static Func<Func<TimeSpan>> ClockFactory
        {
            get => s_clockFactory;
            set => s_clockFactory = value ?? StopwatchClock;
        }

        private static Func<Func<TimeSpan>> s_clockFactory = StopwatchClock;

        public static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        /// <summary>Whether a progress record was reported at all (then a Completed record must close it).</summary>
        public bool HasReported => _last.HasValue;

        /// <summary>True when a progress record should be written now; records that it was.</summary>
        public bool ShouldReport()
        {
            var now = _clock();
            if (now < Delay) return false;
            if (_last.HasValue && now - _last.Value < Interval) return false;
            _last = now;
            return true;
        }

        private static Func<TimeSpan> StopwatchClock()
        {
            var sw = Stopwatch.StartNew();
            return () => sw.Elapsed;
        }
    }
}
