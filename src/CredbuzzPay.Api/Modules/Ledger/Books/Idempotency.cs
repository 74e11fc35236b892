using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger.Books;

/// <summary>
/// <c>Idempotency-Key</c> on a money POST (docs/ledger.md): the key is claimed for the caller before the
/// handler runs; its answer (a refusal too, a 5xx never) is kept with it and given again, with
/// <c>Idempotent-Replayed: true</c>, to a retry with the same path and body (compared as canonical JSON).
/// Another body under the key is a 422; a retry while the first is still running is a 409.
/// </summary>
internal sealed class IdempotencyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > 255 || key.Any(c => c is < ' ' or > '~'))
        {
            throw ApiProblemException.Validation(Header, "Give one key of 1 to 255 printable ASCII characters.");
        }
        var owner = http.User.Identity?.Name;
        if (string.IsNullOrEmpty(owner))
        {
            throw ApiProblemException.Forbidden();
        }
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var hash = await RequestHashAsync(http.Request);
        var claim = await store.ClaimAsync(owner, key, hash, http.RequestAborted);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Replay:
                return new ReplayedAnswer(claim.Record!);
            case ClaimOutcome.Reused:
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    "This Idempotency-Key was used for another request; use a new key for a new request.", code: "idempotency_key_reused");
            case ClaimOutcome.InFlight:
                throw InProgress();
            case ClaimOutcome.Committed:
                throw Committed(claim.Record!);
        }
        var held = new HeldClaim(owner, key, claim.Attempt!);
        try
        {
            object? result;
            using (IdempotencyClaims.Enter(held))
            {
                result = await next(context);
            }
            return result is IResult answer ? new RecordedAnswer(answer, held) : throw new InvalidOperationException("A money endpoint must answer an IResult.");
        }
        catch (ApiProblemException refusal) when (refusal.Status < 500)
        {
            return new RecordedAnswer(TypedResults.Problem(refusal.ToProblemDetails(http)), held);
        }
        catch
        {
            await store.ReleaseAsync(held, CancellationToken.None);
            throw;
        }
    }

    internal static ApiProblemException InProgress() => new(StatusCodes.Status409Conflict, "Request in progress",
        "The first request with this Idempotency-Key is still being processed; retry shortly to get its answer.", code: "idempotency_in_progress");

    /// <summary>The first attempt carried the request out, but its answer was lost (the process stopped before recording it).</summary>
    internal static ApiProblemException Committed(IdempotencyRecord record)
    {
        var problem = new ApiProblemException(StatusCodes.Status409Conflict, "Request already carried out",
            "The first request with this Idempotency-Key was carried out, but its answer was lost when the service stopped; nothing was done again. "
            + "Look the transaction up by its id.", code: "idempotency_committed");
        problem.Extensions["transaction_id"] = record.TransactionId;
        return problem;
    }

    /// <summary>
    /// HMAC-SHA256 (under the blind-index key, domain-separated) of the method, the path and the body as
    /// canonical JSON (keys sorted, no spaces), so formatting does not matter. Keyed, because a body may
    /// carry a payee's account number: a plain hash of so few digits could be reversed by trying them all.
    /// </summary>
    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        string body;
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            body = Canonical(await reader.ReadToEndAsync(request.HttpContext.RequestAborted));
            request.Body.Position = 0;
        }
        else
        {
            throw new InvalidOperationException("An idempotent endpoint must declare RereadableBody.");
        }
        return KeyedHash(request.HttpContext.RequestServices, $"ledger-idempotency\n{request.Method}\n{request.Path.Value}\n{body}");
    }

    /// <summary>HMAC-SHA256 of a request's canonical text under the blind-index key (hex).</summary>
    internal static string KeyedHash(IServiceProvider services, string text)
    {
        var key = services.GetRequiredService<Platform.Secrets.KeyRing>().Get(Platform.Secrets.KeyNames.BlindIndex);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    internal static string Canonical(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "";
        }
        try
        {
            var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            return Sorted(node)?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}

internal enum ClaimOutcome
{
    Claimed,
    Replay,
    Reused,
    InFlight,
    /// <summary>Unanswered past the lease, but its money transaction committed: never run again.</summary>
    Committed,
}

internal sealed record Claim(ClaimOutcome Outcome, IdempotencyRecord? Record = null, string? Attempt = null);

/// <summary>The claim a request holds on its key: the attempt id fences every write made under it.</summary>
internal sealed record HeldClaim(string Owner, string Key, string Attempt);

/// <summary>
/// The claim the running request holds, set by the idempotency filters around the handler, so that the journal marks it inside the money
/// transaction (<see cref="IdempotencyStore.MarkCommittedAsync"/>) without every handler passing it along.
/// </summary>
internal static class IdempotencyClaims
{
    private static readonly AsyncLocal<HeldClaim?> Held = new();

    public static HeldClaim? Current => Held.Value;

    public static IDisposable Enter(HeldClaim claim)
    {
        var previous = Held.Value;
        Held.Value = claim;
        return new Exit(previous);
    }

    private sealed class Exit(HeldClaim? previous) : IDisposable
    {
        public void Dispose() => Held.Value = previous;
    }
}

/// <summary>The idempotency records (ledger_idempotency), each written outside any money transaction.</summary>
internal sealed class IdempotencyStore : Platform.Jobs.ICleanupTask
{
    private readonly AppDbFactory _factory;
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<LedgerOptions> _options;

    public IdempotencyStore(AppDbFactory factory, TimeProvider clock, IOptionsMonitor<LedgerOptions> options)
    {
        _factory = factory;
        _clock = clock;
        _options = options;
    }

    public string Name => "ledger idempotency keys";

    public IEnumerable<Platform.Jobs.RetentionRule> Retains =>
    [
        new("idempotency", "idempotency keys and the answers they replay", FormattableString.Invariant($"{_options.CurrentValue.IdempotencyHours} hours"),
            "Ledger:IdempotencyHours", "replay protection for money requests", "cleanup job (ledger idempotency keys)"),
    ];

    /// <summary>
    /// Claims the key for a new attempt. An unanswered claim within its lease is in flight; past the lease it is either committed (its money
    /// transaction marked it) or abandoned by a process that stopped, and then taken over: the takeover is fenced, so a slow first attempt
    /// that comes back cannot commit (<see cref="MarkCommittedAsync"/> finds the claim no longer its own).
    /// </summary>
    public async Task<Claim> ClaimAsync(string owner, string key, string hash, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            var attemptId = Guid.NewGuid().ToString();
            try
            {
                await db.InsertAsync(new IdempotencyRecord
                {
                    Owner = owner, Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now.AddHours(_options.CurrentValue.IdempotencyHours),
                    AttemptId = attemptId, ClaimedAt = now,
                }, token: cancellationToken);
                return new Claim(ClaimOutcome.Claimed, Attempt: attemptId);
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                var existing = await db.GetTable<IdempotencyRecord>().FirstOrDefaultAsync(r => r.Owner == owner && r.Key == key, cancellationToken);
                if (existing is null)
                {
                    continue;
                }
                if (existing.ExpiresAt <= now)
                {
                    await db.GetTable<IdempotencyRecord>().Where(r => r.Owner == owner && r.Key == key && Instants.AtOrBefore(r.ExpiresAt, now)).DeleteAsync(cancellationToken);
                    continue;
                }
                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(existing.RequestHash), Encoding.ASCII.GetBytes(hash)))
                {
                    return new Claim(ClaimOutcome.Reused);
                }
                if (existing.StatusCode is not null)
                {
                    return new Claim(ClaimOutcome.Replay, existing);
                }
                if ((existing.ClaimedAt ?? existing.CreatedAt) > now.AddSeconds(-_options.CurrentValue.IdempotencyLeaseSeconds))
                {
                    return new Claim(ClaimOutcome.InFlight);
                }
                if (existing.CommittedAt is not null)
                {
                    return new Claim(ClaimOutcome.Committed, existing);
                }
                var seen = existing.AttemptId;
                var taken = await db.GetTable<IdempotencyRecord>()
                    .Where(r => r.Owner == owner && r.Key == key && r.AttemptId == seen && r.StatusCode == null && r.CommittedAt == null)
                    .Set(r => r.AttemptId, attemptId).Set(r => r.ClaimedAt, now)
                    .UpdateAsync(cancellationToken);
                if (taken == 1)
                {
                    return new Claim(ClaimOutcome.Claimed, Attempt: attemptId);
                }
            }
        }
        return new Claim(ClaimOutcome.InFlight);
    }

    /// <summary>
    /// Inside the money transaction (on its connection, before its commit): marks the claim carried out, with the transaction it made. Throws
    /// (so the transaction rolls back) when the claim is no longer this attempt's: a retry took it over after the lease.
    /// </summary>
    public static async Task MarkCommittedAsync(AppDb db, HeldClaim claim, string? transactionId, DateTime now, CancellationToken cancellationToken)
    {
        var marked = await db.GetTable<IdempotencyRecord>()
            .Where(r => r.Owner == claim.Owner && r.Key == claim.Key && r.AttemptId == claim.Attempt)
            .Set(r => r.TransactionId, r => r.TransactionId ?? transactionId)
            .Set(r => r.CommittedAt, r => r.CommittedAt ?? now)
            .UpdateAsync(cancellationToken);
        if (marked != 1)
        {
            throw IdempotencyFilter.InProgress();
        }
    }

    public async Task CompleteAsync(HeldClaim claim, int status, string? contentType, string? location, string body)
    {
        await using var db = _factory.Create();
        await db.GetTable<IdempotencyRecord>().Where(r => r.Owner == claim.Owner && r.Key == claim.Key && r.AttemptId == claim.Attempt)
            .Set(r => r.StatusCode, status).Set(r => r.ContentType, contentType).Set(r => r.Location, location).Set(r => r.ResponseBody, body)
            .UpdateAsync(CancellationToken.None);
    }

    /// <summary>
    /// Gives the key back (the request ended in a 5xx or was cut off): a retry runs afresh. Not once its money transaction committed: then a
    /// retry must learn that, never move the money again.
    /// </summary>
    public async Task ReleaseAsync(HeldClaim claim, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        await db.GetTable<IdempotencyRecord>()
            .Where(r => r.Owner == claim.Owner && r.Key == claim.Key && r.AttemptId == claim.Attempt && r.StatusCode == null && r.CommittedAt == null)
            .DeleteAsync(cancellationToken);
    }

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        return await db.GetTable<IdempotencyRecord>().Where(r => Instants.Before(r.ExpiresAt, now)).DeleteAsync(cancellationToken);
    }
}

/// <summary>Runs the handler's answer into a buffer, keeps it with the key (unless it is a 5xx), then sends it.</summary>
internal sealed class RecordedAnswer : IResult
{
    private readonly IResult _inner;
    private readonly HeldClaim _claim;

    public RecordedAnswer(IResult inner, HeldClaim claim)
    {
        _inner = inner;
        _claim = claim;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var store = httpContext.RequestServices.GetRequiredService<IdempotencyStore>();
        var original = httpContext.Response.Body;
        using var buffer = new MemoryStream();
        httpContext.Response.Body = buffer;
        try
        {
            await _inner.ExecuteAsync(httpContext);
        }
        catch
        {
            httpContext.Response.Body = original;
            await store.ReleaseAsync(_claim, CancellationToken.None);
            throw;
        }
        httpContext.Response.Body = original;
        var status = httpContext.Response.StatusCode;
        if (status >= 500)
        {
            await store.ReleaseAsync(_claim, CancellationToken.None);
        }
        else
        {
            await store.CompleteAsync(_claim, status, httpContext.Response.ContentType, httpContext.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                Encoding.UTF8.GetString(buffer.ToArray()));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, httpContext.RequestAborted);
    }
}

/// <summary>The first answer to a key, given again.</summary>
internal sealed class ReplayedAnswer : IResult
{
    private readonly IdempotencyRecord _record;

    public ReplayedAnswer(IdempotencyRecord record) => _record = record;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = _record.StatusCode!.Value;
        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        if (_record.ContentType is not null)
        {
            httpContext.Response.ContentType = _record.ContentType;
        }
        if (_record.Location is not null)
        {
            httpContext.Response.Headers.Location = _record.Location;
        }
        await httpContext.Response.WriteAsync(_record.ResponseBody ?? "", httpContext.RequestAborted);
    }
}
