using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>The notice in force and each person's consents: the latest row per purpose is the state, the rows before it the history.</summary>
internal sealed class ConsentBook : IPrivacyNotices, Platform.Notifications.IMessageConsent
{
    /// <summary>Marketing messages only for people whose latest marketing consent is a grant; a purpose the notice does not know is never consented to.</summary>
    public async Task<bool> AllowsAsync(AppDb db, Guid subjectId, string purpose, CancellationToken cancellationToken) =>
        Purposes.All.Contains(purpose) && await db.GetTable<ConsentRow>().Where(c => c.UserId == subjectId && c.Purpose == purpose)
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).Select(c => (bool?)c.Granted).FirstOrDefaultAsync(cancellationToken) == true;

    public async Task<bool> AcceptanceRequiredAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await AcceptedVersionAsync(db, userId, cancellationToken) < await CurrentVersionAsync(db, cancellationToken);

    Task<int> IPrivacyNotices.CurrentVersionAsync(AppDb db, CancellationToken cancellationToken) => CurrentVersionAsync(db, cancellationToken);

    public static async Task<int> CurrentVersionAsync(AppDb db, CancellationToken cancellationToken) =>
        await db.GetTable<NoticeRow>().MaxAsync(n => (int?)n.Version, cancellationToken) ?? 0;

    public async Task RecordAcceptanceAsync(AppDb db, Guid userId, int version, bool? marketing, string? ipAddress, string? userAgent, DateTime at,
        CancellationToken cancellationToken)
    {
        var rows = Purposes.Required.Select(p => (Purpose: p, Granted: true, Source: ConsentRow.ByNotice))
            .Concat(marketing is { } choice ? [(Purposes.Marketing, choice, ConsentRow.ByUser)] : []);
        foreach (var (purpose, granted, source) in rows)
        {
            await db.InsertAsync(Row(userId, purpose, granted, version, source, ipAddress, userAgent, at), token: cancellationToken);
        }
    }

    /// <summary>One consent row; the user agent is kept to its first 255 characters.</summary>
    public static ConsentRow Row(Guid userId, string purpose, bool granted, int version, string source, string? ipAddress, string? userAgent, DateTime at) => new()
    {
        Id = Guid.CreateVersion7(at), UserId = userId, Purpose = purpose, Granted = granted, NoticeVersion = version, Source = source, IpAddress = ipAddress,
        UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 255)], RecordedAt = at,
    };

    /// <summary>The newest notice version the person accepted (0: none).</summary>
    public static async Task<int> AcceptedVersionAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await db.GetTable<ConsentRow>().Where(c => c.UserId == userId && c.Source == ConsentRow.ByNotice).MaxAsync(c => (int?)c.NoticeVersion, cancellationToken) ?? 0;

    /// <summary>Each purpose's current state for the person: granted or not, and since when (marketing is off until granted; the required ones are on once a notice is accepted).</summary>
    public static async Task<IReadOnlyDictionary<string, ConsentRow?>> CurrentAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var rows = await db.GetTable<ConsentRow>().Where(c => c.UserId == userId).OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return Purposes.All.ToDictionary(p => p, p => rows.LastOrDefault(r => r.Purpose == p));
    }
}
