using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Loans.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Loans.Features.Products;

public sealed record FeeTerms(string? Type, string? Value);

public sealed record PrepaymentTerms(int? LockInMonths, int? MaxPercent);

/// <summary>A product as staff write it (every field on create; a PUT changes the fields it gives).</summary>
public sealed record ProductRequest(string? Name, JsonElement? MinPrincipal, JsonElement? MaxPrincipal, int? MinTermMonths, int? MaxTermMonths, string? InterestRate,
    FeeTerms? ProcessingFee, PrepaymentTerms? Prepayment, string? LatePaymentPenalty, int? GraceDays, bool? Active);

public sealed record ProductView(string ProductId, string Name, string MinPrincipal, string MaxPrincipal, int MinTermMonths, int MaxTermMonths, string InterestRate,
    string InterestMethod, FeeTerms ProcessingFee, string GstOnFee, PrepaymentTerms Prepayment, string LatePaymentPenalty, string PenaltyPeriod, int GraceDays, bool Active,
    DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Loan products: staff read them (auditors too), super_admins and above write them; customers see the active ones.</summary>
internal static class ProductEndpoints
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static void MapProductEndpoints(this IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/admin/loan-products").WithTags("Loans");
        staff.MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Every loan product, active or not.");
        staff.MapPost("/", CreateAsync).RequireStaff(Roles.SuperAdmin)
            .WithSummary("{name, min_principal, max_principal, min_term_months, max_term_months, interest_rate, processing_fee {type: FLAT|PERCENTAGE, value}, prepayment {lock_in_months, max_percent}, late_payment_penalty, grace_days, active?}.");
        staff.MapPut("/{productId}/", UpdateAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Changes the fields given; applications already made keep the terms they were quoted.");
        api.MapGet("/loans/products/", ActiveAsync).RequireAuthorization().WithTags("Loans").WithSummary("The loan products you may apply for.");
    }

    private static async Task<Ok<Paged<ProductView>>> ListAsync([AsParameters] PageQuery paging, HttpRequest http, AppDb db, LoanTerms terms, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PageAsync(db.GetTable<ProductRow>(), paging, http, terms, cancellationToken));

    private static async Task<Ok<Paged<ProductView>>> ActiveAsync([AsParameters] PageQuery paging, HttpRequest http, AppDb db, LoanTerms terms, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PageAsync(db.GetTable<ProductRow>().Where(p => p.Active), paging, http, terms, cancellationToken));

    private static async Task<Paged<ProductView>> PageAsync(IQueryable<ProductRow> query, PageQuery paging, HttpRequest http, LoanTerms terms, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return page.ToPaged(http, count, rows.Select(p => View(p, terms.GstBp)).ToList());
    }

    private static async Task<Created<ProductView>> CreateAsync(ProductRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
        LoanTerms terms, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var now = terms.Now;
        var product = new ProductRow
        {
            Id = Guid.CreateVersion7(now), ProductId = "LP" + RandomNumberGenerator.GetString(Alphabet, 8), Active = true, CreatedBy = caller.UserCode, CreatedAt = now, UpdatedAt = now,
        };
        Apply(product, request, creating: true);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(product, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("loans.product_created", "loan_product", product.ProductId, View(product, terms.GstBp)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/loan-products/{product.ProductId}/", View(product, terms.GstBp));
    }

    private static async Task<Ok<ProductView>> UpdateAsync(string productId, ProductRequest request, AppDb db, IAuditTrail audit, LoanTerms terms, CancellationToken cancellationToken)
    {
        var id = productId.Trim().ToUpperInvariant();
        var product = await db.GetTable<ProductRow>().FirstOrDefaultAsync(p => p.ProductId == id, cancellationToken) ?? throw ApiProblemException.NotFound("No such loan product.");
        Apply(product, request, creating: false);
        product.UpdatedAt = terms.Now;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.UpdateAsync(product, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("loans.product_updated", "loan_product", product.ProductId, View(product, terms.GstBp)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(product, terms.GstBp));
    }

    /// <summary>Checks and applies the request; a 400 with every field's message, and nothing changed, when any is wrong.</summary>
    private static void Apply(ProductRow product, ProductRequest request, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (creating || request.Name is not null)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                errors["name"] = ["A name of 1 to 100 characters."];
            }
        }
        var min = Amount(request.MinPrincipal, product.MinPrincipalPaise, creating, "min_principal", errors);
        var max = Amount(request.MaxPrincipal, product.MaxPrincipalPaise, creating, "max_principal", errors);
        if (min > max)
        {
            errors["max_principal"] = ["At least min_principal."];
        }
        var minTerm = Whole(request.MinTermMonths, product.MinTermMonths, creating, "min_term_months", 1, 360, errors);
        var maxTerm = Whole(request.MaxTermMonths, product.MaxTermMonths, creating, "max_term_months", 1, 360, errors);
        if (minTerm > maxTerm)
        {
            errors["max_term_months"] = ["At least min_term_months."];
        }
        var rate = Percent(request.InterestRate, product.RateBp, creating, "interest_rate", 5_000, errors);
        var (feeType, feeValue) = (product.FeeType, product.FeeValue);
        if (creating || request.ProcessingFee is not null)
        {
            feeType = request.ProcessingFee?.Type?.Trim().ToUpperInvariant() ?? "";
            var parsed = Money.ParseText(request.ProcessingFee?.Value?.Trim());
            if (feeType is not (ProductRow.Flat or ProductRow.Percentage) || parsed is null || (feeType == ProductRow.Percentage && parsed > 500) || parsed > 10_000_000)
            {
                errors["processing_fee"] = ["{type: FLAT, value: an amount up to 100000.00} or {type: PERCENTAGE, value: a percent of the principal up to 5.00}."];
            }
            feeValue = parsed ?? 0;
        }
        var lockIn = Whole(request.Prepayment?.LockInMonths, creating ? 0 : product.PrepaymentLockInMonths, false, "prepayment.lock_in_months", 0, 360, errors);
        var maxPercent = Whole(request.Prepayment?.MaxPercent, creating ? 100 : product.PrepaymentMaxPercent, false, "prepayment.max_percent", 0, 100, errors);
        var penalty = creating || request.LatePaymentPenalty is not null ? Money.ParseText(request.LatePaymentPenalty?.Trim(), 10_000_000) : product.PenaltyPaise;
        if (penalty is null)
        {
            errors["late_payment_penalty"] = ["An amount from 0 to 100000.00, charged once per overdue instalment per 30 days after its grace."];
        }
        var grace = Whole(request.GraceDays, product.GraceDays, creating, "grace_days", 0, 30, errors);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        product.Name = name ?? product.Name;
        (product.MinPrincipalPaise, product.MaxPrincipalPaise, product.MinTermMonths, product.MaxTermMonths, product.RateBp) = (min, max, minTerm, maxTerm, rate);
        (product.FeeType, product.FeeValue, product.PrepaymentLockInMonths, product.PrepaymentMaxPercent) = (feeType, feeValue, lockIn, maxPercent);
        (product.PenaltyPaise, product.GraceDays, product.Active) = (penalty!.Value, grace, request.Active ?? product.Active);
    }

    private static long Amount(JsonElement? given, long current, bool required, string field, Dictionary<string, string[]> errors)
    {
        if (!required && given is null or { ValueKind: JsonValueKind.Null })
        {
            return current;
        }
        var (paise, error) = Money.ParseRequest(given);
        if (error is not null)
        {
            errors[field] = [error];
        }
        return paise;
    }

    private static int Whole(int? given, int current, bool required, string field, int min, int max, Dictionary<string, string[]> errors)
    {
        var value = given ?? (required ? null : current);
        if (value is null || value < min || value > max)
        {
            errors[field] = [$"A whole number from {min} to {max}."];
            return current;
        }
        return value.Value;
    }

    private static int Percent(string? given, int current, bool required, string field, long maxBp, Dictionary<string, string[]> errors)
    {
        if (!required && given is null)
        {
            return current;
        }
        var bp = Money.ParseText(given?.Trim());
        if (bp is null || bp > maxBp)
        {
            errors[field] = [$"A yearly percent from 0 to {Money.Format(maxBp)} with at most two decimals (\"12.50\")."];
            return current;
        }
        return (int)bp.Value;
    }

    public static ProductView View(ProductRow p, int gstBp) => new(p.ProductId, p.Name, Money.Format(p.MinPrincipalPaise), Money.Format(p.MaxPrincipalPaise),
        p.MinTermMonths, p.MaxTermMonths, Money.Format(p.RateBp), "REDUCING_BALANCE", new FeeTerms(p.FeeType, Money.Format(p.FeeValue)), Money.Format(gstBp),
        new PrepaymentTerms(p.PrepaymentLockInMonths, p.PrepaymentMaxPercent), Money.Format(p.PenaltyPaise), "30 days", p.GraceDays, p.Active, p.CreatedAt, p.UpdatedAt);

    /// <summary>The product with this public id, or a 404.</summary>
    public static async Task<ProductRow> FindAsync(AppDb db, string? productId, CancellationToken cancellationToken)
    {
        var id = productId?.Trim().ToUpperInvariant() ?? "";
        return await db.GetTable<ProductRow>().FirstOrDefaultAsync(p => p.ProductId == id, cancellationToken) ?? throw ApiProblemException.NotFound("No such loan product.");
    }
}
