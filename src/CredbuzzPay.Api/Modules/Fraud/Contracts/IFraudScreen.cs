using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Fraud.Contracts;

/// <summary>
/// A customer's debit about to be made: who, how much, and where to (<see cref="Destination"/> is any stable
/// text naming the destination, an account id or an outside payee's account and IFSC; it is kept only as a keyed hash).
/// </summary>
public sealed record DebitAttempt(Guid UserId, string UserCode, string? BranchCode, long AmountPaise, string Destination);

/// <summary>One rule that fired.</summary>
public sealed record FraudHit(string AlertType, int Points, string Title, string Description);

/// <summary>The screen's answer: the hits, the combined score (0-100, with the security module's risk score) and whether to hold the debit for review.</summary>
public sealed record FraudVerdict(IReadOnlyList<FraudHit> Hits, int RiskScore, bool Hold, string DestinationKey, bool FirstTimeDestination);

/// <summary>Seed 001's fraud alert types.</summary>
public static class FraudAlertTypes
{
    public const string SuspiciousTransaction = "SUSPICIOUS_TRANSACTION";
    public const string Velocity = "VELOCITY";
    public const string NewDeviceLargeTransfer = "NEW_DEVICE_LARGE_TRANSFER";
    public const string ManyNewPayees = "MANY_NEW_PAYEES";
    public const string AfterCredentialChange = "AFTER_CREDENTIAL_CHANGE";
    public const string RoundAmounts = "ROUND_AMOUNTS";

    public static readonly string[] All = [SuspiciousTransaction, Velocity, NewDeviceLargeTransfer, ManyNewPayees, AfterCredentialChange, RoundAmounts];
}

/// <summary>
/// The fraud module's contract for the ledger: screen a customer debit before it moves (reads only), then
/// record it and its alerts in the same database transaction as the entry.
/// </summary>
public interface IFraudScreen
{
    Task<FraudVerdict> ScreenAsync(AppDb db, DebitAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Keeps the debit in the customer's history and raises one alert per hit; inside the caller's transaction.</summary>
    Task RecordAsync(AppDb db, DebitAttempt attempt, FraudVerdict verdict, string transactionId, CancellationToken cancellationToken);
}

/// <summary>Seed 001's risk_profile of a user: LOW, MEDIUM or HIGH from their open alerts.</summary>
public interface IRiskProfiles
{
    Task<string> ProfileAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);
}
