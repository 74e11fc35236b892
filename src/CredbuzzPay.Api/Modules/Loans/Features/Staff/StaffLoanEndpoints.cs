using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Loans.Features.Servicing;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CredbuzzPay.Api.Modules.Loans.Features.Staff;

public sealed record RescheduleRequest(int? TermMonths, string? Reason);

public sealed record LoanRequestView(string RequestId, string LoanId, string Action, int? TermMonths, string Outstanding, string Reason, string Status, string MakerCode,
    string? CheckerCode, string? DecisionReason, DateTime CreatedAt, DateTime? DecidedAt);

public sealed record BucketLine(string Bucket, int Loans, string OutstandingPrincipal, string Overdue);

public sealed record PortfolioReport(string AsOf, int ActiveLoans, string OutstandingPrincipal, string LedgerOutstanding, bool MatchesLedger, int NpaLoans,
    string NpaOutstanding, IReadOnlyList<BucketLine> Buckets, int WrittenOffLoans, string WrittenOff);

public sealed record RequestQuery([FromQuery(Name = "status")] string? Status);

/// <summary>Staff actions on disbursed loans (reschedule, write-off: maker-checker) and the delinquency report of their branches.</summary>
internal static class StaffLoanEndpoints
{
    private static readonly string[] Buckets = [LoanState.Current, "1-30", "31-60", "61-90", LoanState.Npa];

    public static void MapStaffLoanEndpoints(this IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/admin/loans").WithTags("Loans");
        staff.MapPost("/{loanId}/reschedule", RescheduleAsync).RequireStaff(Roles.Admin)
            .WithSummary("{term_months, reason}: asks for a new schedule of the outstanding principal; a second staff member approves it.");
        staff.MapPost("/{loanId}/write-off", WriteOffAsync).RequireStaff(Roles.Admin)
            .WithSummary("{reason}: asks to write the outstanding principal off to loan losses; a second staff member approves it.");
        staff.MapGet("/requests/", RequestsAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Reschedule and write-off requests in reach, newest first; ?status=.");
        staff.MapPost("/requests/{requestId}/approve", ApproveAsync).RequireStaff(Roles.Admin).WithSummary("Approves and carries out a request (not its maker).");
        staff.MapPost("/requests/{requestId}/reject", RejectAsync).RequireStaff(Roles.Admin).WithSummary("{reason}: rejects a pending request.");
        staff.MapGet("/report", ReportAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("Active loans by days-past-due bucket (current, 1-30, 31-60, 61-90, 90+ NPA), outstanding principal against the ledger, write-offs.");
    }

    private static async Task<Accepted<LoanRequestView>> RescheduleAsync(string loanId, RescheduleRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        LoanRequests requests, CancellationToken cancellationToken)
    {
        if (request.TermMonths is not (>= 1 and <= 360))
        {
            throw ApiProblemException.Validation("term_months", "The new number of monthly instalments for the outstanding principal, 1 to 360.");
        }
        var reason = LoanViews.Reason(request.Reason);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var made = await requests.AskAsync(caller, loanId, LoanRequestRow.Reschedule, request.TermMonths, reason, cancellationToken);
        return TypedResults.Accepted($"/api/v1/admin/loans/requests/{made.RequestId}/", await ViewAsync(db, made, cancellationToken));
    }

    private static async Task<Accepted<LoanRequestView>> WriteOffAsync(string loanId, ReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        LoanRequests requests, CancellationToken cancellationToken)
    {
        var reason = LoanViews.Reason(request.Reason);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var made = await requests.AskAsync(caller, loanId, LoanRequestRow.WriteOff, null, reason, cancellationToken);
        return TypedResults.Accepted($"/api/v1/admin/loans/requests/{made.RequestId}/", await ViewAsync(db, made, cancellationToken));
    }

    private static async Task<Ok<Paged<LoanRequestView>>> RequestsAsync([AsParameters] RequestQuery filter, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var query = db.GetTable<LoanRequestRow>().AsQueryable();
        if (Hierarchy.ReadLimit(caller) is { } branch)
        {
            query = query.Where(r => r.BranchCode == branch);
        }
        if (filter.Status is { } status)
        {
            var wanted = status.Trim().ToUpperInvariant();
            query = wanted is LoanRequestRow.Pending or LoanRequestRow.Approved or LoanRequestRow.Rejected ? query.Where(r => r.Status == wanted)
                : throw ApiProblemException.Validation("status", "One of PENDING, APPROVED, REJECTED.");
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var loanIds = rows.Select(r => r.LoanId).Distinct().ToList();
        var loans = await db.GetTable<LoanRow>().Where(l => loanIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.LoanId, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(r => View(r, loans[r.LoanId])).ToList()));
    }

    private static async Task<Ok<LoanRequestView>> ApproveAsync(string requestId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, LoanRequests requests,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, await requests.ApproveAsync(caller, requestId, cancellationToken), CancellationToken.None));
    }

    private static async Task<Ok<LoanRequestView>> RejectAsync(string requestId, ReasonRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        LoanRequests requests, CancellationToken cancellationToken)
    {
        var reason = LoanViews.Reason(request.Reason);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, await requests.RejectAsync(caller, requestId, reason, cancellationToken), CancellationToken.None));
    }

    /// <summary>The active loans in reach, a thousand at a time, with their ledger accounts read alongside: the module's figures and the books side by side.</summary>
    internal static async Task<Ok<PortfolioReport>> ReportAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, ILedger ledger, LoanReader reader, LoanTerms terms,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var limit = Hierarchy.ReadLimit(caller);
        var inReach = db.GetTable<LoanRow>().Where(l => limit == null || l.BranchCode == limit);
        var lines = Buckets.ToDictionary(b => b, _ => (Loans: 0, Outstanding: 0L, Overdue: 0L));
        var (active, outstanding, books) = (0, 0L, 0L);
        var cursor = Guid.Empty;
        while (true)
        {
            var last = cursor;
            var batch = await inReach.Where(l => l.Status == LoanRow.Active && Keys.After(l.Id, last)).OrderBy(l => l.Id).Take(1000).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var states = await reader.StatesAsync(db, batch, cancellationToken);
            var accounts = await ledger.AccountsAsync(db, batch.Select(l => l.AccountId).ToList(), cancellationToken);
            foreach (var state in states.Values)
            {
                var line = lines[state.Bucket];
                lines[state.Bucket] = (line.Loans + 1, line.Outstanding + state.OutstandingPrincipalPaise, line.Overdue + state.OverduePaise);
                outstanding += state.OutstandingPrincipalPaise;
            }
            active += batch.Count;
            books -= accounts.Sum(a => a.BalancePaise);
            cursor = batch[^1].Id;
        }
        var writtenOff = await inReach.Where(l => l.Status == LoanRow.WrittenOff).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Paise = g.Sum(l => l.WrittenOffPaise) }).FirstOrDefaultAsync(cancellationToken);
        var npa = lines[LoanState.Npa];
        return TypedResults.Ok(new PortfolioReport(BankingDay.Key(terms.Today), active, Money.Format(outstanding), Money.Format(books), outstanding == books, npa.Loans,
            Money.Format(npa.Outstanding), Buckets.Select(b => new BucketLine(b, lines[b].Loans, Money.Format(lines[b].Outstanding), Money.Format(lines[b].Overdue))).ToList(),
            writtenOff?.Count ?? 0, Money.Format(writtenOff?.Paise ?? 0)));
    }

    private static async Task<LoanRequestView> ViewAsync(AppDb db, LoanRequestRow request, CancellationToken cancellationToken) =>
        View(request, await db.GetTable<LoanRow>().Where(l => l.Id == request.LoanId).Select(l => l.LoanId).FirstAsync(cancellationToken));

    private static LoanRequestView View(LoanRequestRow r, string loanId) => new(r.RequestId, loanId, r.Action, r.TermMonths, Money.Format(r.AmountPaise), r.Reason, r.Status,
        r.MakerCode, r.CheckerCode, r.DecisionReason, r.CreatedAt, r.DecidedAt);
}
