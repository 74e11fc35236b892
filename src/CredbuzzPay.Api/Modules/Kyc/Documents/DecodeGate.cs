using CredbuzzPay.Api.Platform.Errors;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Documents;

/// <summary>
/// The node's memory budget for reading documents (<see cref="DocumentLimits.DecodeMemoryBytes"/>),
/// shared by every request: a decode takes its share before it starts and gives it back when it
/// ends. A request that cannot get its share within <see cref="DocumentLimits.DecodeWaitMilliseconds"/>
/// is answered 503 with Retry-After, so a burst of uploads queues briefly instead of exhausting memory.
/// </summary>
internal sealed class DecodeGate
{
    private const long Unit = 1024 * 1024;

    // Shares are taken in MiB units from one semaphore; the entry lock makes each taking whole, so
    // two large decodes can never each hold half of the budget and wait on each other.
    private readonly SemaphoreSlim _units;
    private readonly SemaphoreSlim _entry = new(1, 1);
    private readonly int _capacity;
    private readonly TimeSpan _wait;

    public DecodeGate(IOptions<KycOptions> options)
    {
        var limits = options.Value.Documents;
        _capacity = (int)(limits.DecodeMemoryBytes / Unit);
        _units = new SemaphoreSlim(_capacity, _capacity);
        _wait = TimeSpan.FromMilliseconds(limits.DecodeWaitMilliseconds);
    }

    /// <summary>Units free now (for tests and health).</summary>
    public int AvailableUnits => _units.CurrentCount;

    /// <summary>Takes <paramref name="bytes"/> of the budget; dispose the answer to give it back.</summary>
    public async Task<IDisposable> EnterAsync(long bytes, string field, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Clamp((bytes + Unit - 1) / Unit, 1, int.MaxValue);
        if (wanted > _capacity)
        {
            throw ApiProblemException.PayloadTooLarge(field, "The document needs more memory to read than this service allows for one document.");
        }
        var deadline = DateTime.UtcNow + _wait;
        if (!await _entry.WaitAsync(_wait, cancellationToken))
        {
            throw Busy();
        }
        var taken = 0;
        try
        {
            while (taken < wanted)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _units.WaitAsync(left, cancellationToken))
                {
                    throw Busy();
                }
                taken++;
            }
        }
        catch
        {
            if (taken > 0)
            {
                _units.Release(taken);
            }
            throw;
        }
        finally
        {
            _entry.Release();
        }
        return new Share(_units, taken);
    }

    private static ApiProblemException Busy() =>
        ApiProblemException.ServiceUnavailable(TimeSpan.FromSeconds(2), "Too many documents are being read right now; send this one again in a moment.");

    private sealed class Share(SemaphoreSlim units, int count) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                units.Release(count);
            }
        }
    }
}
