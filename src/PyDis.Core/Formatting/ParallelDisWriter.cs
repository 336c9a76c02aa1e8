using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using PyDis.Core.Decoding;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// <see cref="DisFormatter.Write"/>'s text of one large code object tree, formatted on several threads: the walk is
    /// cut into parts of about equal bytecode size, the threads take the parts in order, and the text comes out in
    /// order. The calling thread writes straight into the output whenever the next part to write is not taken yet;
    /// a part another thread formatted waits in pooled chunks until its turn. A lone large file is otherwise one
    /// core's work however many the machine has (test_typing, the largest 3.12 stdlib .pyc: docs/performance.md).
    /// </summary>
    public sealed class ParallelDisWriter
    {
        /// <summary>Bytecode (co_code bytes over the walk) below which one thread is quicker than starting another.</summary>
        public const int MinParallelBytes = 32 * 1024;

        private const int PartsPerThread = 32;
        private const int ChunkChars = 16 * 1024;
        // Parts formatted ahead of the one being written, at most: their text waits in memory (fresh memory is what
        // costs most here: page faults and the collector's clearing).
        private const int Window = 3;

        private readonly DisFormatter[] _formatters;

        /// <summary><see cref="MinParallelBytes"/>, lowered by tests so that small fixtures take the parallel path.</summary>
        internal int MinBytes { get; set; } = MinParallelBytes;

        /// <summary>A writer of <paramref name="release"/>'s dis text on up to <paramref name="threads"/> threads.</summary>
        public ParallelDisWriter(Release release, DisOptions options, int threads)
        {
            if (release is null) throw new ArgumentNullException(nameof(release));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
            // An annotator is the caller's code, which may not be safe to call from several threads at once.
            if (options.Annotator != null) threads = 1;
            _formatters = new DisFormatter[threads];
            for (int i = 0; i < threads; i++) _formatters[i] = new DisFormatter(release, options);
        }

        /// <summary>
        /// Writes what <see cref="DisFormatter.Write"/> writes for <paramref name="code"/>; with <paramref name="sound"/>,
        /// adds the code objects found sound on the way, in walk order, as <see cref="DisFormatter.SoundCode"/> does.
        /// </summary>
        public void Write(CodeObject code, TextWriter output, SoundCode? sound = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (output is null) throw new ArgumentNullException(nameof(output));
            var first = _formatters[0];
            var steps = first.Steps(code);
            long total = 0;
            foreach (var step in steps) total += step.Code.Code.Length;
            int[] bounds = Cut(steps, total, _formatters.Length * PartsPerThread);
            if (_formatters.Length == 1 || total < MinBytes || bounds.Length <= 2)
            {
                first.SoundCode = sound;
                try
                {
                    first.Write(code, output);
                }
                finally
                {
                    first.SoundCode = null;
                }
                return;
            }
            // The code addresses of reprs are computed once per code object and kept on it: made here, before the
            // threads read them.
            foreach (var step in steps) CodeAddress.Of(step.Code);
            var run = new Run(code, steps, bounds, _formatters, output, sound != null);
            run.Go();
            if (sound != null) run.CollectSound(sound);
        }

        // Part boundaries on the walk: part k is code objects bounds[k] .. bounds[k+1]-1, each part about total/parts
        // bytes of co_code (a code object is never split, so there may be fewer parts).
        private static int[] Cut(DisFormatter.WalkStep[] steps, long total, int parts)
        {
            var bounds = new List<int> { 0 };
            long sum = 0;
            for (int i = 0; i < steps.Length; i++)
            {
                sum += steps[i].Code.Code.Length;
                if (i + 1 < steps.Length && sum * parts >= total * bounds.Count) bounds.Add(i + 1);
            }
            bounds.Add(steps.Length);
            return bounds.ToArray();
        }

        /// <summary>One Write: the parts, who has taken which, and the finished ones' text.</summary>
        private sealed class Run
        {
            private readonly CodeObject _code;
            private readonly DisFormatter.WalkStep[] _steps;
            private readonly int[] _bounds;
            private readonly DisFormatter[] _formatters;

        /// <summary><see cref="MinParallelBytes"/>, lowered by tests so that small fixtures take the parallel path.</summary>
        internal int MinBytes { get; set; } = MinParallelBytes;
            private readonly TextWriter _output;
            private readonly ChunkWriter?[] _finished;
            private readonly Exception?[] _failed;
            private readonly SoundCode?[]? _sound;   // per part: the code objects its formatter found sound
            private readonly object _gate = new object();
            private readonly Stack<char[]> _pool = new Stack<char[]>();
            private int _nextUntaken;
            private int _turn;   // the part being written out (written under _gate)

            public Run(CodeObject code, DisFormatter.WalkStep[] steps, int[] bounds, DisFormatter[] formatters, TextWriter output, bool findSound)
            {
                _code = code;
                _steps = steps;
                _bounds = bounds;
                _formatters = formatters;
                _output = output;
                _finished = new ChunkWriter?[Parts];
                _failed = new Exception?[Parts];
                if (findSound) _sound = new SoundCode?[Parts];
            }

            public void CollectSound(SoundCode sound)
            {
                foreach (var part in _sound!)
                    if (part != null) sound.AddAll(part);
            }

            // A part written by a formatter, which finds sound code objects into the part's own set.
            private void WritePart(DisFormatter formatter, int part, TextWriter writer)
            {
                if (_sound != null) formatter.SoundCode = _sound[part] = new SoundCode();
                try
                {
                    formatter.WriteSteps(_code, _steps, _bounds[part], _bounds[part + 1], writer);
                }
                finally
                {
                    formatter.SoundCode = null;
                }
            }

            private int Parts => _bounds.Length - 1;

            public void Go()
            {
                var helpers = new Thread[_formatters.Length - 1];
                for (int t = 0; t < helpers.Length; t++)
                {
                    var formatter = _formatters[t + 1];
                    helpers[t] = new Thread(() => Help(formatter), 16 * 1024 * 1024) { IsBackground = true };
                    helpers[t].Start();
                }
                try
                {
                    WriteInOrder(_formatters[0]);
                }
                finally
                {
                    // On failure the helpers take no more parts; either way they are done before Write returns.
                    Interlocked.Exchange(ref _nextUntaken, Parts);
                    lock (_gate) Monitor.PulseAll(_gate);
                    foreach (var h in helpers) h.Join();
                }
            }

            // The calling thread: each part in turn, written straight out if nobody has taken it, else copied from
            // its chunks once finished; while the next part is still being formatted elsewhere, it formats a later one.
            private void WriteInOrder(DisFormatter formatter)
            {
                int next = 0;
                while (next < Parts)
                {
                    ChunkWriter? done;
                    Exception? failed;
                    lock (_gate)
                    {
                        done = _finished[next];
                        failed = _failed[next];
                    }
                    if (done != null || failed != null)
                    {
                        if (done != null) CopyOut(done);
                        if (failed != null) ExceptionDispatchInfo.Capture(failed).Throw();
                        Advance(ref next);
                    }
                    else if (Interlocked.CompareExchange(ref _nextUntaken, next + 1, next) == next)
                    {
                        WritePart(formatter, next, _output);
                        Advance(ref next);
                    }
                    else
                    {
                        int later = TryTake(next);
                        if (later >= 0) FormatPart(formatter, later);
                        else
                        {
                            lock (_gate)
                                while (_finished[next] is null && _failed[next] is null) Monitor.Wait(_gate);
                        }
                    }
                }
            }

            private void Advance(ref int next)
            {
                next++;
                lock (_gate)
                {
                    _turn = next;
                    Monitor.PulseAll(_gate);
                }
            }

            // The next untaken part if it is within the window after the part being written, else -1.
            private int TryTake(int turn)
            {
                while (true)
                {
                    int part = Volatile.Read(ref _nextUntaken);
                    if (part >= Parts || part >= turn + Window) return -1;
                    if (Interlocked.CompareExchange(ref _nextUntaken, part + 1, part) == part) return part;
                }
            }

            private void Help(DisFormatter formatter)
            {
                while (true)
                {
                    int part;
                    lock (_gate)
                    {
                        while ((part = TryTake(_turn)) < 0 && Volatile.Read(ref _nextUntaken) < Parts) Monitor.Wait(_gate);
                    }
                    if (part < 0) return;
                    FormatPart(formatter, part);
                }
            }

            private void FormatPart(DisFormatter formatter, int part)
            {
                var text = new ChunkWriter(this);
                Exception? failure = null;
                try
                {
                    WritePart(formatter, part, text);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                lock (_gate)
                {
                    _finished[part] = text;
                    _failed[part] = failure;
                    Monitor.PulseAll(_gate);
                }
            }

            private void CopyOut(ChunkWriter text)
            {
                foreach (var chunk in text.Chunks)
                {
                    _output.Write(chunk.Chars, 0, chunk.Length);
                    lock (_pool) _pool.Push(chunk.Chars);
                }
                text.Chunks.Clear();
            }

            public char[] RentChunk()
            {
                lock (_pool)
                    if (_pool.Count > 0) return _pool.Pop();
                return new char[ChunkChars];
            }
        }

        private readonly struct Chunk
        {
            public Chunk(char[] chars, int length) { Chars = chars; Length = length; }
            public char[] Chars { get; }
            public int Length { get; }
        }

        /// <summary>A part's text, held in chunks from the run's pool until the part's turn comes.</summary>
        private sealed class ChunkWriter : TextWriter
        {
            private readonly Run _run;
            private char[]? _current;
            private int _length;

            public ChunkWriter(Run run) : base(System.Globalization.CultureInfo.InvariantCulture) => _run = run;

            public List<Chunk> Chunks { get; } = new List<Chunk>();

            public override System.Text.Encoding Encoding => System.Text.Encoding.Unicode;

            public override void Write(char value)
            {
                if (_current is null || _length == _current.Length) NextChunk();
                _current![_length++] = value;
                Chunks[Chunks.Count - 1] = new Chunk(_current, _length);
            }

            public override void Write(string? value)
            {
                if (value != null) Write(value.ToCharArray(), 0, value.Length);
            }

            public override void Write(char[] buffer, int index, int count)
            {
                if (buffer is null) throw new ArgumentNullException(nameof(buffer));
                while (count > 0)
                {
                    if (_current is null || _length == _current.Length) NextChunk();
                    int n = Math.Min(count, _current!.Length - _length);
                    Array.Copy(buffer, index, _current, _length, n);
                    _length += n;
                    index += n;
                    count -= n;
                    Chunks[Chunks.Count - 1] = new Chunk(_current, _length);
                }
            }

            private void NextChunk()
            {
                _current = _run.RentChunk();
                _length = 0;
                Chunks.Add(new Chunk(_current, 0));
            }
        }
    }
}
