using System.Security.Claims;
using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

public sealed record ComplaintRequest(string? Reason);

public sealed record ResolveComplaintRequest(string? Outcome, string? Note);

public sealed record ComplaintView(string ComplaintId, string PaymentId, string Reason, string Status, string? Outcome, string? Note, string? ResolvedBy, DateTime CreatedAt,
    DateTime? ResolvedAt);

/// <summary>
/// BBPS's complaint handling: the payer of a payment debited but not credited by the biller raises one (one per payment);
/// staff in reach resolve it with a refund (the payment's compensating ledger entry: amount and fee back, in the same
/// transaction as the resolution) or with the biller's confirmation that it was credited.
/// </summary>
internal static class ComplaintEndpoints
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static void MapComplaintEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/bills/payments/{paymentId}/complaint", RaiseAsync).RequireAuthorization().WithTags("Bill payments")
            .WithSummary("{reason}: a payment of yours debited but not credited by the biller (201; one complaint per payment).");
        var staff = api.MapGroup("/admin/bills/complaints").WithTags("Bill payments (staff)");
        staff.MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Complaints in reach, oldest first (?status=OPEN|RESOLVED).");
        staff.MapPost("/{complaintId}/resolve", ResolveAsync).RequireStaff(Roles.Admin).Idempotent()
            .WithSummary("{outcome: refund|credited, note}: refund posts the payment's compensating entry; credited moves nothing.");
    }

    private static async Task<Created<ComplaintView>> RaiseAsync(string paymentId, ComplaintRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        IAuditTrail audit, BillPayTerms terms, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            throw ApiProblemException.Validation("reason", "Say what happened, in 1 to 500 characters.");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = paymentId.Trim().ToUpperInvariant();
        var payment = await db.GetTable<PaymentRow>().FirstOrDefaultAsync(p => p.PaymentId == id && p.PayerId == caller.Id, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such payment of yours.");
        if (payment.Status != PaymentRow.Success)
        {
            throw PaymentViews.Refused("not_debited", "Nothing to complain about yet",
                payment.Status == PaymentRow.Pending ? "The payment is still pending: its outcome comes from the biller." : "This payment was not debited, or was refunded already.");
        }
        var now = terms.Now;
        var complaint = new ComplaintRow
        {
            Id = Guid.CreateVersion7(now), ComplaintId = "BCP" + RandomNumberGenerator.GetString(Alphabet, 12), PaymentRowId = payment.Id, UserId = caller.Id,
            BranchCode = payment.BranchCode, Reason = reason, Status = ComplaintRow.Open, CreatedAt = now,
        };
        try
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            await db.InsertAsync(complaint, token: cancellationToken);
            await audit.RecordAsync(db, new AuditEvent("bills.complaint_raised", "bill_payment", payment.PaymentId, new { complaint = complaint.ComplaintId }, caller.UserCode),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Complaint exists", "This payment has a complaint already.", code: "complaint_exists");
        }
        return TypedResults.Created((string?)null, View(complaint, payment.PaymentId));
    }

    internal static async Task<Ok<Paged<ComplaintView>>> ListAsync([Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] string? status, [AsParameters] PageQuery paging,
        HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var limit = Hierarchy.ReadLimit(staff);
        var query = from c in db.GetTable<ComplaintRow>()
                    join p in db.GetTable<PaymentRow>() on c.PaymentRowId equals p.Id
                    where limit == null || c.BranchCode == limit
                    select new { c, p.PaymentId };
        if (status is { Length: > 0 })
        {
            var s = status.Trim().ToUpperInvariant();
            query = s is ComplaintRow.Open or ComplaintRow.Resolved ? query.Where(r => r.c.Status == s) : throw ApiProblemException.Validation("status", "OPEN or RESOLVED.");
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(r => r.c.CreatedAt).ThenBy(r => r.c.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(r => View(r.c, r.PaymentId)).ToList()));
    }

    internal static async Task<Ok<ComplaintView>> ResolveAsync(string complaintId, ResolveComplaintRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        ILedger ledger, IAuditTrail audit, BillPayTerms terms, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        if (outcome is not ("refund" or "credited"))
        {
            errors["outcome"] = ["refund (the biller did not credit it: the payer gets the amount and fee back) or credited (the biller confirms it)."];
        }
        var note = request.Note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > 500)
        {
            errors["note"] = ["Say what the biller answered, in 1 to 500 characters."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var staff = await users.CallerAsync(db, principal, cancellationToken);
        var id = complaintId.Trim().ToUpperInvariant();
        var complaint = await db.GetTable<ComplaintRow>().FirstOrDefaultAsync(c => c.ComplaintId == id, cancellationToken);
        if (complaint is null || !Hierarchy.Reaches(staff, complaint.BranchCode))
        {
            throw ApiProblemException.NotFound("No such complaint in your reach.");
        }
        var payment = await db.GetTable<PaymentRow>().FirstAsync(p => p.Id == complaint.PaymentRowId, cancellationToken);
        var now = terms.Now;
        await ledger.RunAsync(db, async books =>
        {
            var decided = await books.Db.GetTable<ComplaintRow>().Where(c => c.Id == complaint.Id && c.Status == ComplaintRow.Open)
                .Set(c => c.Status, ComplaintRow.Resolved).Set(c => c.Outcome, outcome).Set(c => c.Note, note).Set(c => c.ResolvedBy, staff.UserCode).Set(c => c.ResolvedAt, now)
                .UpdateAsync(cancellationToken);
            if (decided != 1)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Resolved", "The complaint was resolved already.", code: "complaint_resolved");
            }
            if (outcome == "refund")
            {
                await books.Db.GetTable<PaymentRow>().Where(p => p.Id == payment.Id && p.Status == PaymentRow.Success).Set(p => p.Status, PaymentRow.Refunded)
                    .UpdateAsync(cancellationToken);
                var refund = await books.ReverseAsync(payment.EntryId, $"Complaint {complaint.ComplaintId}: not credited by the biller", staff.UserCode)
                    ?? throw new ApiProblemException(StatusCodes.Status409Conflict, "Already reversed", "The payment was reversed already.", code: LedgerRefusals.AlreadyReversed);
                await books.Db.GetTable<ComplaintRow>().Where(c => c.Id == complaint.Id).Set(c => c.RefundEntryId, refund.EntryId).UpdateAsync(cancellationToken);
            }
            await audit.RecordAsync(books.Db, new AuditEvent("bills.complaint_resolved", "bill_payment", payment.PaymentId, new { complaint = complaint.ComplaintId, outcome },
                staff.UserCode), cancellationToken);
            return true;
        }, cancellationToken);
        var resolved = await db.GetTable<ComplaintRow>().FirstAsync(c => c.Id == complaint.Id, CancellationToken.None);
        return TypedResults.Ok(View(resolved, payment.PaymentId));
    }

    private static ComplaintView View(ComplaintRow c, string paymentId) =>
        new(c.ComplaintId, paymentId, c.Reason, c.Status, c.Outcome, c.Note, c.ResolvedBy, c.CreatedAt, c.ResolvedAt);
}
