using System.Globalization;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>One line of an erasure's account, as stored on the request and shown to the person.</summary>
public sealed record ErasureOutcomeLine(string Data, string Action, string Reason, DateTime? RetainedUntil);

/// <summary>
/// Carries out a confirmed erasure request: asks every module's <see cref="IErasureParticipant"/> what blocks it (money still held, an open
/// loan) and, when nothing does, runs each one's erasure in one transaction with the request's outcome, the audit row and the email that tells
/// the person what was erased, what is retained, why and until when. The retention period runs from the end of the relationship (the latest
/// moment any module knows: accounts closed, the last transaction). On SQLite the write-ahead log is then truncated, so erased values are
/// in no file. A blocked request waits with its reason; <see cref="ErasureRetries"/> tries it again.
/// </summary>
internal sealed partial class Erasures
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly IEnumerable<IErasureParticipant> _participants;
    private readonly IOutbox _outbox;
    private readonly IAuditTrail _audit;
    private readonly IUserDirectory _users;
    private readonly IOptions<PrivacyOptions> _options;
    private readonly ILogger<Erasures> _log;

    public Erasures(IEnumerable<IErasureParticipant> participants, IOutbox outbox, IAuditTrail audit, IUserDirectory users, IOptions<PrivacyOptions> options, ILogger<Erasures> log)
    {
        _participants = participants;
        _outbox = outbox;
        _audit = audit;
        _users = users;
        _options = options;
        _log = log;
    }

    /// <summary>Whatever stops an erasure now, refusals first; empty when it may go ahead.</summary>
    public async Task<List<ErasureBlock>> BlocksAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var blocks = new List<ErasureBlock>();
        foreach (var participant in _participants)
        {
            if (await participant.BlockAsync(db, userId, cancellationToken) is { } block)
            {
                blocks.Add(block);
            }
        }
        return blocks.OrderByDescending(b => b.Refuses).ToList();
    }

    /// <summary>Erases the person of a confirmed request (status AWAITING_OTP just verified, or WAITING), or leaves it WAITING with the reason; answers the request as stored.</summary>
    public async Task<PrivacyRequestRow> TryAsync(AppDb db, PrivacyRequestRow request, DateTime now, CancellationToken cancellationToken)
    {
        var blocks = await BlocksAsync(db, request.UserId, cancellationToken);
        if (blocks.Count == 0)
        {
            try
            {
                return await EraseAsync(db, request, now, cancellationToken);
            }
            catch (ErasureBlockedException blocked)
            {
                blocks.Add(blocked.Block);
            }
        }
        var reason = string.Join(" ", blocks.Select(b => b.Reason));
        if (reason.Length > 1000)
        {
            reason = reason[..997] + "...";
        }
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            // Audited when it starts to wait, and whenever what it waits for changes; a retry finding the same reason writes nothing.
            var changed = await db.GetTable<PrivacyRequestRow>()
                .Where(r => r.Id == request.Id && (r.Status == PrivacyRequestRow.AwaitingOtp || (r.Status == PrivacyRequestRow.Waiting && r.WaitingReason != reason)))
                .Set(r => r.Status, PrivacyRequestRow.Waiting).Set(r => r.WaitingReason, reason).Set(r => r.OtpRequestId, (Guid?)null).UpdateAsync(cancellationToken);
            if (changed == 1)
            {
                await _audit.RecordAsync(db, new AuditEvent("privacy.erasure_waiting", "privacy_request", request.RequestId, new { blocks = blocks.Select(b => b.Code).Distinct().ToArray() },
                    request.UserCode), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        request.Status = PrivacyRequestRow.Waiting;
        request.WaitingReason = reason;
        return request;
    }

    private async Task<PrivacyRequestRow> EraseAsync(AppDb db, PrivacyRequestRow request, DateTime now, CancellationToken cancellationToken)
    {
        var person = await _users.FindAsync(db, request.UserId, cancellationToken) ?? throw ApiProblemException.NotFound("The person of this request is no longer here.");
        var lines = new List<ErasureLine>();
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            // Claimed first: a second node or a retried job finds it taken and does nothing.
            var claimed = await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == request.Id && (r.Status == PrivacyRequestRow.AwaitingOtp || r.Status == PrivacyRequestRow.Waiting))
                .Set(r => r.Status, PrivacyRequestRow.Completed).UpdateAsync(cancellationToken);
            if (claimed != 1)
            {
                return await db.GetTable<PrivacyRequestRow>().FirstAsync(r => r.Id == request.Id, cancellationToken);
            }
            var subject = new ErasureSubject(person.Id, person.UserCode, now);
            foreach (var participant in _participants)
            {
                lines.AddRange(await participant.EraseAsync(db, subject, cancellationToken));
            }
            var end = now;
            var ends = new List<DateTime>();
            foreach (var participant in _participants)
            {
                if (await participant.RelationshipEndAsync(db, person.Id, cancellationToken) is { } moment)
                {
                    ends.Add(moment);
                }
            }
            if (ends.Count > 0)
            {
                end = ends.Max();
            }
            var retainUntil = end.AddYears(_options.Value.RetentionYears);
            var outcome = lines.Select(l => new ErasureOutcomeLine(l.Data, l.Action, l.Reason, l.UntilRetentionEnds ? retainUntil : null)).ToList();
            var retains = outcome.Any(l => l.RetainedUntil is not null);
            await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == request.Id)
                .Set(r => r.Outcome, JsonSerializer.Serialize(outcome, Json)).Set(r => r.RetainUntil, retains ? retainUntil : null).Set(r => r.WaitingReason, (string?)null)
                .Set(r => r.OtpRequestId, (Guid?)null).Set(r => r.CompletedAt, now).UpdateAsync(cancellationToken);
            await _outbox.EnqueueAsync(db, OutgoingMessage.Email(person.Email, "Your data has been erased", Letter(request.RequestId, outcome)), cancellationToken);
            await _audit.RecordAsync(db, new AuditEvent("privacy.erasure_completed", "privacy_request", request.RequestId, new
            {
                erased = outcome.Count(l => l.Action == ErasureActions.Erased), pseudonymised = outcome.Count(l => l.Action == ErasureActions.Pseudonymised),
                retained = outcome.Count(l => l.Action == ErasureActions.Retained), retain_until = retains ? retainUntil : (DateTime?)null,
            }, person.UserCode), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (!await db.TruncateWriteAheadLogAsync(cancellationToken))
        {
            LogBusy(request.RequestId);
        }
        Erased(request.RequestId, lines.Count);
        return await db.GetTable<PrivacyRequestRow>().FirstAsync(r => r.Id == request.Id, cancellationToken);
    }

    /// <summary>The outcome as stored on the request, for its view.</summary>
    public static IReadOnlyList<ErasureOutcomeLine>? OutcomeOf(PrivacyRequestRow request) =>
        request.Type == PrivacyRequestRow.Erasure && request.Outcome is { } json ? JsonSerializer.Deserialize<List<ErasureOutcomeLine>>(json, Json) : null;

    private static string Letter(string requestId, IReadOnlyList<ErasureOutcomeLine> outcome)
    {
        var text = new StringBuilder($"Your request {requestId} to erase your data has been carried out. This is the last message we send you.\n\n");
        foreach (var line in outcome)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {line.Data}: {line.Action}")
                .Append(line.RetainedUntil is { } until ? string.Create(CultureInfo.InvariantCulture, $" until {until:yyyy-MM-dd}") : "")
                .Append(CultureInfo.InvariantCulture, $". {line.Reason}\n");
        }
        text.Append("\nQuestions or complaints: the grievance officer named in our privacy notice.\n");
        return text.ToString();
    }

    [LoggerMessage(EventId = 17111, Level = LogLevel.Information, Message = "Erasure request {RequestId} carried out: {Lines} line(s) of outcome")]
    private partial void Erased(string requestId, int lines);

    [LoggerMessage(EventId = 17112, Level = LogLevel.Warning, Message = "Erasure request {RequestId}: the SQLite write-ahead log could not be truncated now (readers busy); the next checkpoint overwrites it")]
    private partial void LogBusy(string requestId);
}
