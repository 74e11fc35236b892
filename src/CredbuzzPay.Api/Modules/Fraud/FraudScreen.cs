using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Data;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Security.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Secrets;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Fraud;

/// <summary>
/// The rules on every customer debit (seed 001 "Fraud Detection"), each with its thresholds in <see cref="FraudOptions"/>:
/// an amount far above the customer's own pattern, velocity, a large debit soon after a new-device sign-in, many
/// first-time destinations, a debit soon after a credential change, and bursts of round amounts. The combined
/// score is the hits' points plus a share of the security module's risk score for the user, at most 100.
/// </summary>
internal sealed class FraudScreen : IFraudScreen
{
    private static readonly string[] CredentialActions = ["password.reset", "password.changed", "profile.updated"];
    private static readonly string[] ContactFields = ["\"address\"", "\"city\"", "\"state\"", "\"pincode\"", "\"email\"", "\"mobile\""];
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly IOptionsMonitor<FraudOptions> _options;
    private readonly IRiskScores _risk;
    private readonly ISignInHistory _signIns;
    private readonly IAuditReader _audit;
    private readonly TimeProvider _clock;
    private readonly byte[] _key;

    public FraudScreen(IOptionsMonitor<FraudOptions> options, IRiskScores risk, ISignInHistory signIns, IAuditReader audit, TimeProvider clock, KeyRing keys)
    {
        _options = options;
        _risk = risk;
        _signIns = signIns;
        _audit = audit;
        _clock = clock;
        _key = keys.Get(KeyNames.BlindIndex).ToArray();
    }

    public async Task<FraudVerdict> ScreenAsync(AppDb db, DebitAttempt attempt, CancellationToken cancellationToken)
    {
        var o = _options.CurrentValue;
        var now = _clock.GetUtcNow().UtcDateTime;
        var destination = Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("fraud-destination:" + attempt.Destination)));
        var mine = db.GetTable<ScreenedDebit>().Where(d => d.UserId == attempt.UserId);
        var hits = new List<FraudHit>();

        var patternSince = now.AddDays(-o.Pattern.Days);
        var pattern = await mine.Where(d => Instants.AtOrAfter(d.CreatedAt, patternSince))
            .GroupBy(d => d.UserId).Select(g => new { Count = g.Count(), Sum = g.Sum(d => d.AmountPaise) }).FirstOrDefaultAsync(cancellationToken);
        if (pattern is { } p && p.Count >= o.Pattern.History && attempt.AmountPaise >= Paise(o.Pattern.Minimum)
            && attempt.AmountPaise * p.Count >= (long)o.Pattern.Multiple * p.Sum)
        {
            hits.Add(new FraudHit(FraudAlertTypes.SuspiciousTransaction, o.Pattern.Points, "Amount far above the customer's pattern",
                $"{Money.Format(attempt.AmountPaise)} is at least {o.Pattern.Multiple}x the average debit of {Money.Format(p.Sum / p.Count)} over {o.Pattern.Days} days."));
        }

        var velocitySince = now.AddMinutes(-o.Velocity.Minutes);
        var recent = await mine.CountAsync(d => Instants.AtOrAfter(d.CreatedAt, velocitySince), cancellationToken);
        if (recent + 1 >= o.Velocity.Count)
        {
            hits.Add(new FraudHit(FraudAlertTypes.Velocity, o.Velocity.Points, "Many debits in a short time",
                $"{recent + 1} debits within {o.Velocity.Minutes} minutes."));
        }

        if (attempt.AmountPaise >= Paise(o.NewDevice.Amount)
            && await _signIns.LastNewDeviceSignInAsync(db, attempt.UserId, now.AddHours(-o.NewDevice.Hours), cancellationToken) is { } signedIn)
        {
            hits.Add(new FraudHit(FraudAlertTypes.NewDeviceLargeTransfer, o.NewDevice.Points, "Large debit after a new-device sign-in",
                $"{Money.Format(attempt.AmountPaise)} within {o.NewDevice.Hours} hours of a sign-in from a new device or address ({signedIn:yyyy-MM-dd HH:mm} UTC)."));
        }

        var firstTime = !await mine.AnyAsync(d => d.Destination == destination, cancellationToken);
        if (firstTime)
        {
            var payeesSince = now.AddMinutes(-o.NewPayees.Minutes);
            var newPayees = await mine.Where(d => d.FirstTime && Instants.AtOrAfter(d.CreatedAt, payeesSince)).Select(d => d.Destination).Distinct().CountAsync(cancellationToken);
            if (newPayees + 1 >= o.NewPayees.Count)
            {
                hits.Add(new FraudHit(FraudAlertTypes.ManyNewPayees, o.NewPayees.Points, "Many new payees",
                    $"{newPayees + 1} first-time destinations within {o.NewPayees.Minutes / 60.0:0.#} hours."));
            }
        }

        if (attempt.AmountPaise >= Paise(o.CredentialChange.Amount))
        {
            var changes = await _audit.AboutUserAsync(db, attempt.UserCode, CredentialActions, now.AddHours(-o.CredentialChange.Hours), cancellationToken);
            var change = changes.FirstOrDefault(c => c.Action != "profile.updated" || ContactFields.Any(f => c.Detail?.Contains(f, StringComparison.Ordinal) == true));
            if (change is not null)
            {
                hits.Add(new FraudHit(FraudAlertTypes.AfterCredentialChange, o.CredentialChange.Points, "Debit soon after a credential change",
                    $"Within {o.CredentialChange.Hours} hours of {change.Action.Replace('.', ' ')} ({change.OccurredAt:yyyy-MM-dd HH:mm} UTC)."));
            }
        }

        var unit = Paise(o.RoundAmounts.Unit);
        if (unit > 0 && attempt.AmountPaise % unit == 0)
        {
            var roundSince = now.AddMinutes(-o.RoundAmounts.Minutes);
            var rounds = await mine.CountAsync(d => Instants.AtOrAfter(d.CreatedAt, roundSince) && d.AmountPaise % unit == 0, cancellationToken);
            if (rounds + 1 >= o.RoundAmounts.Count)
            {
                hits.Add(new FraudHit(FraudAlertTypes.RoundAmounts, o.RoundAmounts.Points, "Burst of round amounts",
                    $"{rounds + 1} debits in whole multiples of {Money.Format(unit)} within {o.RoundAmounts.Minutes} minutes."));
            }
        }

        var score = 0;
        if (hits.Count > 0)
        {
            var security = await _risk.ScoreAsync(db, attempt.UserId, cancellationToken);
            score = Math.Min(100, hits.Sum(h => h.Points) + (security * o.SecurityRiskPercent / 100));
        }
        return new FraudVerdict(hits, score, hits.Count > 0 && score >= o.HoldScore, destination, firstTime);
    }

    public async Task RecordAsync(AppDb db, DebitAttempt attempt, FraudVerdict verdict, string transactionId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        await db.InsertAsync(new ScreenedDebit
        {
            Id = Guid.CreateVersion7(now), UserId = attempt.UserId, TransactionId = transactionId, AmountPaise = attempt.AmountPaise,
            Destination = verdict.DestinationKey, FirstTime = verdict.FirstTimeDestination, CreatedAt = now,
        }, token: cancellationToken);
        foreach (var hit in verdict.Hits)
        {
            await db.InsertAsync(new FraudAlert
            {
                Id = Guid.CreateVersion7(now), AlertId = "ALERT" + RandomNumberGenerator.GetString(Alphabet, 8), AlertType = hit.AlertType,
                Severity = SeverityOf(verdict.RiskScore), Status = FraudAlertStatuses.Open, Title = hit.Title,
                Description = verdict.Hold ? hit.Description + " The debit is held for review." : hit.Description,
                RiskScore = verdict.RiskScore, UserId = attempt.UserId, UserCode = attempt.UserCode, BranchCode = attempt.BranchCode, TransactionId = transactionId,
                CreatedAt = now, UpdatedAt = now,
            }, token: cancellationToken);
        }
    }

    /// <summary>LOW below 30, MEDIUM below 50, HIGH below 70, CRITICAL from 70.</summary>
    public static string SeverityOf(int score) => score switch
    {
        < 30 => "LOW",
        < 50 => "MEDIUM",
        < 70 => "HIGH",
        _ => "CRITICAL",
    };

    private static long Paise(string amount) => Money.ParseText(amount) ?? throw new InvalidOperationException("Fraud settings were not validated.");
}

/// <summary>Seed 001's alert statuses.</summary>
internal static class FraudAlertStatuses
{
    public const string Open = "OPEN";
    public const string Investigating = "INVESTIGATING";
    public const string Resolved = "RESOLVED";
    public const string FalsePositive = "FALSE_POSITIVE";
}
