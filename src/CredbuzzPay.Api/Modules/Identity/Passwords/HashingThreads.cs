using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CredbuzzPay.Api.Modules.Identity.Passwords;

/// <summary>
/// Dedicated threads that compute password hashes, one per core by default, each lowered in CPU
/// priority (Linux nice value, <see cref="PasswordHashingOptions.Niceness"/>): hashing then uses
/// every idle cycle, but any other request that wants the CPU gets it first, so a storm of sign-ins
/// (or of wrong passwords for unknown accounts) cannot slow the rest of the service. The queue is
/// bounded and a hash waits a bounded time for its thread; beyond either the caller is told busy.
/// </summary>
internal sealed partial class HashingThreads : IDisposable
{
    private readonly BlockingCollection<Job> _jobs;
    private readonly int _niceness;
    private readonly Thread[] _threads;
    private int _queued;

    public HashingThreads(int threads, int queue, int niceness)
    {
        _jobs = new BlockingCollection<Job>(new ConcurrentQueue<Job>());
        MaxQueued = queue + threads;
        _niceness = niceness;
        _threads = Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"password-hashing-{i}" }).ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Jobs waiting or running, at most.</summary>
    public int MaxQueued { get; }

    /// <summary>Runs <paramref name="work"/> on a hashing thread; false when the queue is full or the turn did not come within <paramref name="wait"/>.</summary>
    public async Task<(bool Done, T Result)> RunAsync<T>(Func<T> work, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Interlocked.Decrement(ref _queued);
            return (false, default!);
        }
        var job = new Job(() => work());
        _jobs.Add(job, CancellationToken.None);
        try
        {
            var started = await job.Started.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return started ? (true, (T)(await job.Result.Task.ConfigureAwait(false))!) : (false, default!);
        }
        catch (TimeoutException)
        {
            // Not started in time: the thread that reaches it will skip it.
            return job.Abandon() ? (false, default!) : (true, (T)(await job.Result.Task.ConfigureAwait(false))!);
        }
    }

    public void Dispose() => _jobs.CompleteAdding();

    private void Work()
    {
        if (_niceness > 0 && OperatingSystem.IsLinux())
        {
            // On Linux the nice value is a thread's own: who = 0 means this thread, not the process.
            _ = setpriority(0, 0, _niceness);
        }
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            try
            {
                if (job.Begin())
                {
                    job.Run();
                }
            }
            finally
            {
                Interlocked.Decrement(ref _queued);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // a plain libc call with blittable arguments; no marshalling to generate.
    private static extern int setpriority(int which, int who, int prio);
#pragma warning restore SYSLIB1054, CA5392

    private sealed class Job(Func<object?> work)
    {
        private int _state; // 0 waiting, 1 running, 2 abandoned

        public TaskCompletionSource<bool> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Begin()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                return false;
            }
            Started.TrySetResult(true);
            return true;
        }

        /// <summary>True when the job had not started (it never will); false when it is already running.</summary>
        public bool Abandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

        public void Run()
        {
            try
            {
                Result.TrySetResult(work());
            }
            catch (Exception ex)
            {
                Result.TrySetException(ex);
            }
        }
    }
}
