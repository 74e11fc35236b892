using System.Globalization;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Jobs;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

/// <summary>
/// <c>privacy-report</c>: for an auditor, counts only (never contents): each kind of personal data by age (every module's
/// <see cref="IDataInventory"/>), the retention table as configured, consents in force by purpose, notice acceptance, and open requests and grievances with their deadlines.
/// </summary>
internal sealed class PrivacyReportCommand : ICliCommand
{
    private readonly AppDbFactory _factory;
    private readonly IEnumerable<IDataInventory> _inventories;
    private readonly TimeProvider _clock;
    private readonly RetentionTable _retention;

    public PrivacyReportCommand(AppDbFactory factory, IEnumerable<IDataInventory> inventories, TimeProvider clock, RetentionTable retention)
    {
        _factory = factory;
        _inventories = inventories;
        _clock = clock;
        _retention = retention;
    }

    public string Name => "privacy-report";

    public string Description => "Print, for an auditor, personal data by kind and age, the retention table, consents by purpose, and open privacy requests and grievances with their deadlines (counts only).";

    public async Task<int> RunAsync(IConfiguration options, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        var now = Instants.StoredNow(_clock);
        var lines = new List<string> { $"Privacy report, {now:yyyy-MM-dd HH:mm} UTC", "", "Personal data by kind (total / older than 1 year / older than 5 years / oldest):" };
        foreach (var inventory in _inventories)
        {
            foreach (var kind in await inventory.CountAsync(db, now, cancellationToken))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind.Kind,-16} {kind.Total,10} {kind.OlderThanOneYear,10} {kind.OlderThanFiveYears,10}  {(kind.Oldest is { } oldest ? oldest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-")}"));
            }
        }
        lines.Add("");
        lines.Add("Retention table, as configured (kind: what; kept; setting; legal basis; enforced by):");
        lines.AddRange(_retention.Rules().Select(r => $"  {r.Kind}: {r.What}; {r.Kept}; {r.Setting}; {r.Basis}; {r.EnforcedBy}"));
        lines.Add("");
        lines.Add("Consents in force by purpose (people granting / withdrawn):");
        // The latest row per person and purpose is the consent in force (rows are append-only).
        var rows = await db.GetTable<ConsentRow>().OrderBy(c => c.UserId).ThenBy(c => c.Purpose).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id)
            .Select(c => new { c.UserId, c.Purpose, c.Granted }).ToListAsync(cancellationToken);
        var current = rows.GroupBy(r => (r.UserId, r.Purpose)).Select(g => (g.Key.Purpose, g.Last().Granted)).ToList();
        foreach (var purpose in Purposes.All)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {purpose,-16} {current.Count(c => c.Purpose == purpose && c.Granted),10} {current.Count(c => c.Purpose == purpose && !c.Granted),10}"));
        }
        var version = await ConsentBook.CurrentVersionAsync(db, cancellationToken);
        var accepted = await db.GetTable<ConsentRow>().Where(c => c.Source == ConsentRow.ByNotice && c.NoticeVersion == version).Select(c => c.UserId).Distinct()
            .LongCountAsync(cancellationToken);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  notice version {version} accepted by {accepted} people"));
        lines.Add("");
        lines.Add("Open requests (request, type, due, overdue):");
        var requests = await db.GetTable<PrivacyRequestRow>().Where(r => r.Status == PrivacyRequestRow.Pending || r.Status == PrivacyRequestRow.Waiting).OrderBy(r => r.DueAt)
            .Select(r => new { r.RequestId, r.Type, r.Status, r.DueAt }).ToListAsync(cancellationToken);
        lines.AddRange(requests.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"  {r.RequestId} {r.Type,-8} {r.Status,-8} {r.DueAt:yyyy-MM-dd} {(r.DueAt < now ? "OVERDUE" : "")}")));
        lines.Add(requests.Count == 0 ? "  none" : string.Create(CultureInfo.InvariantCulture, $"  {requests.Count} open, {requests.Count(r => r.DueAt < now)} overdue"));
        lines.Add("");
        lines.Add("Retained sets of erased people (locked, purged by the retention job):");
        var retained = await db.GetTable<PrivacyRequestRow>()
            .Where(r => r.Type == PrivacyRequestRow.Erasure && r.Status == PrivacyRequestRow.Completed && r.RetainUntil != null && r.PurgedAt == null)
            .Select(r => r.RetainUntil!.Value).ToListAsync(cancellationToken);
        var purged = await db.GetTable<PrivacyRequestRow>().Where(r => r.Type == PrivacyRequestRow.Erasure && r.PurgedAt != null).LongCountAsync(cancellationToken);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {retained.Count} retained{(retained.Count > 0 ? $", next purge due {retained.Min():yyyy-MM-dd}" : "")}{(retained.Any(r => r <= now) ? $", {retained.Count(r => r <= now)} due now" : "")}; {purged} purged"));
        lines.Add("");
        lines.Add("Open grievances (reference, due, overdue):");
        var grievances = await db.GetTable<GrievanceRow>().Where(g => g.Status == GrievanceRow.Open).OrderBy(g => g.DueAt).Select(g => new { g.Reference, g.DueAt })
            .ToListAsync(cancellationToken);
        lines.AddRange(grievances.Select(g => string.Create(CultureInfo.InvariantCulture, $"  {g.Reference} {g.DueAt:yyyy-MM-dd} {(g.DueAt < now ? "OVERDUE" : "")}")));
        lines.Add(grievances.Count == 0 ? "  none" : string.Create(CultureInfo.InvariantCulture, $"  {grievances.Count} open, {grievances.Count(g => g.DueAt < now)} overdue"));
        foreach (var line in lines)
        {
            Console.WriteLine(line.TrimEnd());
        }
        return 0;
    }
}
