using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Ledger.Providers;

/// <summary>The sandbox's answer to a pending movement: {reference, status: SUCCESS|FAILED, reason?}.</summary>
public sealed record ProviderCallbackRequest(string? Reference, string? Status, string? Reason);

public sealed record CallbackAnswer(string TransactionId, string Status, bool Applied);

/// <summary>
/// The sandbox provider's callback, as real providers send theirs: signed (HMAC-SHA256 of the raw body
/// under <c>Ledger:Sandbox:CallbackSecret</c>, hex in <c>X-Sandbox-Signature</c>), possibly late, possibly
/// more than once. It is applied once; a repeat answers <c>applied: false</c> with the entry's state.
/// </summary>
internal static class SandboxCallbacks
{
    public const string SignatureHeader = "X-Sandbox-Signature";

    public static void MapSandboxCallbacks(this IEndpointRouteBuilder api) =>
        api.MapPost("/ledger/providers/sandbox/callback", CallbackAsync).AllowAnonymous().WithTags("Providers")
            .WithMetadata(new Platform.Http.RereadableBody())
            .WithSummary("The sandbox provider's signed answer to a pending deposit or payout (docs/ledger.md).");

    private static async Task<Ok<CallbackAnswer>> CallbackAsync(ProviderCallbackRequest callback, HttpRequest request, AppDb db, ProviderGateway gateway,
        IOptionsMonitor<LedgerOptions> options, CancellationToken cancellationToken)
    {
        var secret = options.CurrentValue.Sandbox.CallbackSecret;
        if (secret.Length == 0)
        {
            throw ApiProblemException.NotFound();
        }
        request.Body.Position = 0;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body.ToArray());
        var given = request.Headers[SignatureHeader].ToString();
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(given);
        }
        catch (FormatException)
        {
            signature = [];
        }
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", "The callback's signature does not match.");
        }
        var outcome = callback.Status?.Trim().ToUpperInvariant() switch
        {
            "SUCCESS" => ProviderOutcome.Confirmed,
            "FAILED" => ProviderOutcome.Failed,
            _ => throw ApiProblemException.Validation("status", "SUCCESS or FAILED."),
        };
        var reference = callback.Reference?.Trim() ?? "";
        var entry = await db.GetTable<JournalEntry>()
            .Where(e => e.Provider == SandboxProvider.ProviderName && e.ProviderReference == reference)
            .Select(e => new { e.Id, e.TransactionId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound("No movement with this reference.");
        var applied = await gateway.ApplyAsync(db, entry.Id, new ProviderAnswer(outcome, reference, callback.Reason is { Length: > 0 } r ? r[..Math.Min(r.Length, 200)] : null));
        var status = await db.GetTable<JournalEntry>().Where(e => e.Id == entry.Id).Select(e => e.Status).FirstAsync(CancellationToken.None);
        return TypedResults.Ok(new CallbackAnswer(entry.TransactionId, status, applied));
    }
}
