using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Books;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Modules.Loans.Features.Products;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Loans.Features.Applications;

public sealed record ApplyRequest(string? ProductId, JsonElement? Principal, int? TermMonths, string? Purpose, string? DisbursementAccountNumber);

/// <summary>A customer's loan applications: apply (with the quote in the answer), list and read their own.</summary>
internal static class ApplicationEndpoints
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static readonly string[] OpenStatuses = [ApplicationRow.Submitted, ApplicationRow.Recommended, ApplicationRow.Approved];

    public static void MapApplicationEndpoints(this IEndpointRouteBuilder api)
    {
        var applications = api.MapGroup("/loans/applications").RequireAuthorization().WithTags("Loans");
        applications.MapPost("/", ApplyAsync).RequireVerifiedKyc().Idempotent()
            .WithSummary("{product_id, principal, term_months, purpose, disbursement_account_number}: answers the quote (EMI, fee, GST, the full schedule). KYC must be verified.");
        applications.MapGet("/", ListAsync).WithSummary("Your applications, newest first, each with its quote.");
        applications.MapGet("/{applicationId}/", DetailAsync).WithSummary("One of your applications with its quote.");
    }

    private static async Task<Created<ApplicationView>> ApplyAsync(ApplyRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, ILedger ledger,
        IAuditTrail audit, LoanTerms terms, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var (amount, amountError) = Money.ParseRequest(request.Principal);
        if (amountError is not null)
        {
            errors["principal"] = [amountError];
        }
        if (request.TermMonths is not (>= 1 and <= 360))
        {
            errors["term_months"] = ["A whole number of months from 1 to 360, within the product's range."];
        }
        var purpose = request.Purpose?.Trim();
        if (purpose is not { Length: >= 3 and <= 200 })
        {
            errors["purpose"] = ["What the loan is for, 3 to 200 characters."];
        }
        if (string.IsNullOrWhiteSpace(request.ProductId))
        {
            errors["product_id"] = ["The product_id of an active loan product (loans/products/)."];
        }
        var number = request.DisbursementAccountNumber?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(number))
        {
            errors["disbursement_account_number"] = ["The number of your own active savings or current account: the loan is paid into it and its EMIs are debited from it."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        if (caller.Role != Roles.User)
        {
            throw ApiProblemException.Forbidden("Loans are applied for by customers; staff decide on them at admin/loans/applications/.");
        }
        var product = await ProductEndpoints.FindAsync(db, request.ProductId, cancellationToken);
        if (!product.Active)
        {
            throw LoanBook.Refused("product_inactive", "Product not offered", "This loan product takes no new applications.");
        }
        var term = request.TermMonths!.Value;
        if (amount < product.MinPrincipalPaise || amount > product.MaxPrincipalPaise)
        {
            errors["principal"] = [$"From {Money.Format(product.MinPrincipalPaise)} to {Money.Format(product.MaxPrincipalPaise)} for this product."];
        }
        if (term < product.MinTermMonths || term > product.MaxTermMonths)
        {
            errors["term_months"] = [$"From {product.MinTermMonths} to {product.MaxTermMonths} months for this product."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var account = await ledger.FindAsync(db, number!, cancellationToken);
        if (account is null || account.OwnerId != caller.Id || account.Kind is not (AccountKinds.Savings or AccountKinds.Current))
        {
            throw ApiProblemException.NotFound("No such savings or current account of yours.");
        }
        if (account.Status != AccountStatuses.Active)
        {
            throw LoanBook.Refused(LedgerRefusals.AccountNotActive, "Account not active", "The disbursement account is frozen or closed.");
        }
        var fee = Amortisation.Fee(product.FeeType, product.FeeValue, amount);
        var gst = Amortisation.Gst(fee, terms.GstBp);
        if (fee + gst >= amount)
        {
            throw ApiProblemException.Validation("principal", $"The processing fee and its GST ({Money.Format(fee + gst)}) would take the whole principal.");
        }
        var open = await db.GetTable<ApplicationRow>().CountAsync(a => a.UserId == caller.Id && OpenStatuses.Contains(a.Status), cancellationToken);
        if (open >= terms.Options.MaxOpenApplications)
        {
            throw LoanBook.Refused("too_many_applications", "Too many open applications",
                $"You have {open} applications being decided; wait for a decision before applying again.");
        }
        var now = terms.Now;
        var application = new ApplicationRow
        {
            Id = Guid.CreateVersion7(now), ApplicationId = "LAP" + RandomNumberGenerator.GetString(Alphabet, 10), UserId = caller.Id, UserCode = caller.UserCode,
            BranchCode = caller.BranchCode, ProductId = product.Id, PrincipalPaise = amount, TermMonths = term, RateBp = product.RateBp,
            EmiPaise = Amortisation.Emi(amount, product.RateBp, term), FeePaise = fee, GstPaise = gst, Purpose = purpose!, AccountId = account.Id,
            AccountNumber = account.AccountNumber, Status = ApplicationRow.Submitted, CreatedAt = now,
        };
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(application, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("loans.applied", "loan_application", application.ApplicationId, new
        {
            product = product.ProductId, principal = Money.Format(amount), term_months = term, emi = Money.Format(application.EmiPaise),
        }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/loans/applications/{application.ApplicationId}/", LoanViews.Of(application, product, terms.Today, null));
    }

    private static async Task<Ok<Paged<ApplicationView>>> ListAsync([AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        LoanTerms terms, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await PageAsync(db, db.GetTable<ApplicationRow>().Where(a => a.UserId == caller.Id), paging, http, terms, cancellationToken));
    }

    private static async Task<Ok<ApplicationView>> DetailAsync(string applicationId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, LoanTerms terms,
        CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = LoanViews.Public(applicationId);
        var application = await db.GetTable<ApplicationRow>().FirstOrDefaultAsync(a => a.ApplicationId == id && a.UserId == caller.Id, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such application of yours.");
        return TypedResults.Ok(await ViewAsync(db, application, terms, cancellationToken));
    }

    /// <summary>One page of applications with their products and loans, in three queries.</summary>
    public static async Task<Paged<ApplicationView>> PageAsync(AppDb db, IQueryable<ApplicationRow> query, PageQuery paging, HttpRequest http, LoanTerms terms,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
        var products = await db.GetTable<ProductRow>().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var loans = await LoansOfAsync(db, rows, cancellationToken);
        return page.ToPaged(http, count, rows.Select(r => View(r, products[r.ProductId], loans, terms)).ToList());
    }

    public static async Task<ApplicationView> ViewAsync(AppDb db, ApplicationRow application, LoanTerms terms, CancellationToken cancellationToken)
    {
        var product = await db.GetTable<ProductRow>().FirstAsync(p => p.Id == application.ProductId, cancellationToken);
        return View(application, product, await LoansOfAsync(db, [application], cancellationToken), terms);
    }

    /// <summary>The loans the disbursed applications became: their public id and disbursement day.</summary>
    private static async Task<Dictionary<Guid, (string LoanId, string DisbursedOn)>> LoansOfAsync(AppDb db, IReadOnlyList<ApplicationRow> applications,
        CancellationToken cancellationToken)
    {
        var ids = applications.Where(a => a.LoanId != null).Select(a => a.LoanId!.Value).ToList();
        return ids.Count == 0 ? []
            : await db.GetTable<LoanRow>().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => (l.LoanId, l.DisbursedOn), cancellationToken);
    }

    /// <summary>A quote's schedule runs from today until the loan is disbursed, then from its disbursement day (the loan's own schedule is at loans/{loan_id}/).</summary>
    private static ApplicationView View(ApplicationRow application, ProductRow product, Dictionary<Guid, (string LoanId, string DisbursedOn)> loans, LoanTerms terms)
    {
        var loan = application.LoanId is { } id && loans.TryGetValue(id, out var found) ? found : ((string LoanId, string DisbursedOn)?)null;
        return LoanViews.Of(application, product, loan is { } l ? Books.LoanState.Parse(l.DisbursedOn) : terms.Today, loan?.LoanId);
    }
}
