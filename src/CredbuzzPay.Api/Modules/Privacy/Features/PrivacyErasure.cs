using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>
/// The privacy module's own part in an erasure: every purpose still granted is withdrawn (a row, as any withdrawal), marketing messages still
/// queued are cancelled, the consent history loses its network addresses and browsers but stays as the proof of consent (DPDP Act s. 6(10))
/// until the retention period ends; what was written in grievances is overwritten and access archives are erased. The requests themselves
/// stay: they are the record that the erasure was asked for and done.
/// </summary>
internal sealed class PrivacyErasure : IErasureParticipant
{
    public const string ErasedText = "(erased at the person's request)";
    private readonly IOutbox _outbox;

    public PrivacyErasure(IOutbox outbox) => _outbox = outbox;

    public async Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var version = await ConsentBook.CurrentVersionAsync(db, cancellationToken);
        foreach (var (purpose, row) in await ConsentBook.CurrentAsync(db, subject.UserId, cancellationToken))
        {
            if (row is { Granted: true })
            {
                await db.InsertAsync(ConsentBook.Row(subject.UserId, purpose, false, version, ConsentRow.ByErasure, null, null, subject.Now), token: cancellationToken);
            }
        }
        await db.GetTable<ConsentRow>().Where(c => c.UserId == subject.UserId && (c.IpAddress != null || c.UserAgent != null))
            .Set(c => c.IpAddress, (string?)null).Set(c => c.UserAgent, (string?)null).UpdateAsync(cancellationToken);
        await _outbox.CancelAsync(db, subject.UserId, MessagePurposes.Marketing, cancellationToken);
        var grievances = await db.GetTable<GrievanceRow>().Where(g => g.UserId == subject.UserId)
            .Set(g => g.Subject, ErasedText).Set(g => g.Details, ErasedText).Set(g => g.Response, g => g.Response == null ? null : ErasedText).UpdateAsync(cancellationToken);
        await db.GetTable<PrivacyRequestRow>().Where(r => r.UserId == subject.UserId && r.Archive != null)
            .Set(r => r.Archive, (byte[]?)null).Set(r => r.Status, PrivacyRequestRow.Expired).UpdateAsync(cancellationToken);
        var lines = new List<ErasureLine>
        {
            new("Your consents", ErasureActions.Pseudonymised,
                "Every purpose is withdrawn and no marketing message will reach you. The record of what you agreed to and when is the proof of consent the DPDP Act (s. 6(10)) asks for; it is kept without your network address and browser, then purged.",
                UntilRetentionEnds: true),
            new("Copies of your data prepared for you", ErasureActions.Erased, "No longer needed."),
        };
        if (grievances > 0)
        {
            lines.Add(new("What was written in your grievances and their answers", ErasureActions.Erased, "Free text; the references and dates stay as the record that they were handled."));
        }
        return lines;
    }

    public async Task<int> PurgeRetainedAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await db.GetTable<ConsentRow>().Where(c => c.UserId == userId).DeleteAsync(cancellationToken)
        + await db.GetTable<GrievanceRow>().Where(g => g.UserId == userId).DeleteAsync(cancellationToken);
}
