using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.BillPay.Catalogue;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

// The searches run in the database, where ToLower() is LOWER(); the string.Contains overloads with a comparison do not translate.
#pragma warning disable CA1862

namespace CredbuzzPay.Api.Modules.BillPay.Features.Billers;

public sealed record CategoryView(string Code, string Name);

public sealed record PlatformFee(string Type, string Value);

/// <summary>A biller: the customer parameters it needs, fetch support, amount range, payment modes, its platform fee, and the retailer's margin it pays.</summary>
public sealed record BillerView(string BillerId, string Name, string CategoryCode, IReadOnlyList<CustomerParam> CustomerParams, bool FetchSupported, bool PartPayment,
    string MinAmount, string MaxAmount, IReadOnlyList<string> PaymentModes, PlatformFee PlatformFee, string RetailerMarginPercent, bool Featured, bool Active);

/// <summary>A biller as staff create or change it; on a change, what is left out stays.</summary>
public sealed record BillerRequest(string? BillerId, string? Name, string? CategoryCode, IReadOnlyList<CustomerParam>? CustomerParams, bool? FetchSupported,
    bool? PartPayment, JsonElement? MinAmount, JsonElement? MaxAmount, PlatformFee? PlatformFee, string? RetailerMarginPercent, bool? Featured, bool? Active);

public sealed record BillerQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "category")] string? Category,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "search")] string? Search,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "featured")] bool? Featured);

/// <summary>The biller catalogue: for everyone signed in; admins create and change billers (a suspended biller is inactive).</summary>
internal static class BillerEndpoints
{
    public static void MapBillerEndpoints(this IEndpointRouteBuilder api)
    {
        var bills = api.MapGroup("/bills").RequireAuthorization().WithTags("Bill payments");
        bills.MapGet("/categories/", () => TypedResults.Ok<IReadOnlyList<CategoryView>>(BillerCatalogue.Categories.Select(c => new CategoryView(c.Code, c.Name)).ToList()))
            .WithSummary("The bill categories.");
        bills.MapGet("/billers/", ListAsync).WithSummary("Active billers by name (?category=&search=&featured=).");
        bills.MapGet("/billers/{billerId}/", DetailAsync).WithSummary("One biller, with the customer parameters it needs.");
        bills.MapPost("/billers/", CreateAsync).RequireStaff(Roles.Admin).WithSummary("Adds a biller.");
        bills.MapPut("/billers/{billerId}/", UpdateAsync).RequireStaff(Roles.Admin).WithSummary("Changes a biller (active: false suspends it).");
    }

    private static async Task<Ok<Paged<BillerView>>> ListAsync([AsParameters] BillerQuery filters, [AsParameters] PageQuery paging, HttpRequest http, AppDb db,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var query = db.GetTable<BillerRow>().Where(b => b.Active);
        if (filters.Category is { Length: > 0 } category)
        {
            var code = category.Trim().ToLowerInvariant();
            query = BillerCatalogue.Categories.Any(c => c.Code == code) ? query.Where(b => b.CategoryCode == code)
                : throw ApiProblemException.Validation("category", "Not a category code (see bills/categories/).");
        }
        if (filters.Search is { Length: > 0 } search)
        {
            var s = search.Trim().ToLowerInvariant();
            query = query.Where(b => b.Name.ToLower().Contains(s));
        }
        if (filters.Featured is { } featured)
        {
            query = query.Where(b => b.Featured == featured);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(b => b.Name).ThenBy(b => b.BillerId).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(View).ToList()));
    }

    private static async Task<Ok<BillerView>> DetailAsync(string billerId, AppDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await FindAsync(db, billerId, cancellationToken)));

    private static async Task<Created<BillerView>> CreateAsync(BillerRequest request, System.Security.Claims.ClaimsPrincipal principal, AppDb db, IAuditTrail audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = Instants.StoredNow(clock);
        var id = request.BillerId?.Trim().ToUpperInvariant();
        if (id is null || id.Length is < 4 or > 32 || !id.All(char.IsAsciiLetterOrDigit))
        {
            throw ApiProblemException.Validation("biller_id", "4 to 32 letters and digits.");
        }
        if (await db.GetTable<BillerRow>().AnyAsync(b => b.BillerId == id, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "A biller with this id exists.");
        }
        var biller = Checked(request, new BillerRow { BillerId = id, Active = true, CreatedAt = now, PaymentModes = "wallet,account" }, creating: true);
        biller.UpdatedAt = now;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(biller, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("bills.biller_created", "biller", id, View(biller), principal.Identity?.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/bills/billers/{id}/", View(biller));
    }

    private static async Task<Ok<BillerView>> UpdateAsync(string billerId, BillerRequest request, System.Security.Claims.ClaimsPrincipal principal, AppDb db, IAuditTrail audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var biller = await FindAsync(db, billerId, cancellationToken);
        var before = View(biller);
        Checked(request, biller, creating: false);
        biller.UpdatedAt = Instants.StoredNow(clock);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.UpdateAsync(biller, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("bills.biller_updated", "biller", biller.BillerId, new { before, after = View(biller) }, principal.Identity?.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(biller));
    }

    public static async Task<BillerRow> FindAsync(AppDb db, string billerId, CancellationToken cancellationToken)
    {
        var id = billerId.Trim().ToUpperInvariant();
        return await db.GetTable<BillerRow>().FirstOrDefaultAsync(b => b.BillerId == id, cancellationToken) ?? throw ApiProblemException.NotFound("No such biller.");
    }

    private static BillerRow Checked(BillerRequest request, BillerRow biller, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? (creating ? null : biller.Name);
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors["name"] = ["1 to 100 characters."];
        }
        var category = request.CategoryCode?.Trim().ToLowerInvariant() ?? (creating ? null : biller.CategoryCode);
        if (category is null || !BillerCatalogue.Categories.Any(c => c.Code == category))
        {
            errors["category_code"] = ["A category code (see bills/categories/)."];
        }
        var parameters = request.CustomerParams ?? (creating ? null : BillerCatalogue.ParamsOf(biller));
        if (parameters is null || parameters.Count is 0 or > 5 || parameters.Any(p => string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 32 || !p.Name.All(c => char.IsAsciiLetterLower(c) || c == '_')
            || string.IsNullOrWhiteSpace(p.Label) || !ValidRegex(p.Regex)))
        {
            errors["customer_params"] = ["1 to 5 parameters, each {name (lower case and _), label, regex (anchored, ^…$), required}."];
        }
        var min = Amount(request.MinAmount, creating ? null : biller.MinAmountPaise, "min_amount", errors);
        var max = Amount(request.MaxAmount, creating ? null : biller.MaxAmountPaise, "max_amount", errors);
        if (min > max)
        {
            errors["max_amount"] = ["At least min_amount."];
        }
        var fee = request.PlatformFee;
        long feeValue = biller.FeeValue;
        var feeType = biller.FeeType;
        if (fee is not null || creating)
        {
            feeType = fee?.Type?.Trim().ToUpperInvariant() ?? "";
            var parsed = Money.ParseText(fee?.Value?.Trim());
            if (feeType is not ("FIXED" or "PERCENTAGE") || parsed is null || (feeType == "PERCENTAGE" && parsed > 1000) || (feeType == "FIXED" && parsed > 100_000))
            {
                errors["platform_fee"] = ["{type: FIXED, value: an amount up to 1000.00} or {type: PERCENTAGE, value: a percent up to 10.00}."];
            }
            feeValue = parsed ?? 0;
        }
        var margin = request.RetailerMarginPercent is { } m ? Money.ParseText(m.Trim()) : biller.RetailerMarginBp;
        if (margin is null or > 500)
        {
            errors["retailer_margin_percent"] = ["A percent from 0 to 5.00."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        biller.Name = name!;
        biller.CategoryCode = category!;
        biller.CustomerParams = System.Text.Json.JsonSerializer.Serialize(parameters, BillerCatalogue.Json);
        biller.FetchSupported = request.FetchSupported ?? (!creating && biller.FetchSupported);
        biller.PartPayment = request.PartPayment ?? (!creating && biller.PartPayment);
        biller.MinAmountPaise = min;
        biller.MaxAmountPaise = max;
        biller.FeeType = feeType;
        biller.FeeValue = feeValue;
        biller.RetailerMarginBp = (int)margin!.Value;
        biller.Featured = request.Featured ?? (!creating && biller.Featured);
        biller.Active = request.Active ?? biller.Active;
        return biller;
    }

    private static bool ValidRegex(string? pattern)
    {
        if (pattern is not { Length: > 2 and <= 200 } || !pattern.StartsWith('^') || !pattern.EndsWith('$'))
        {
            return false;
        }
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static long Amount(JsonElement? value, long? fallback, string field, Dictionary<string, string[]> errors)
    {
        if (value is null && fallback is { } kept)
        {
            return kept;
        }
        var (paise, error) = Money.ParseRequest(value);
        if (error is not null)
        {
            errors[field] = [error];
        }
        return paise;
    }

    public static BillerView View(BillerRow b) =>
        new(b.BillerId, b.Name, b.CategoryCode, BillerCatalogue.ParamsOf(b), b.FetchSupported, b.PartPayment, Money.Format(b.MinAmountPaise), Money.Format(b.MaxAmountPaise),
            b.PaymentModes.Split(',', StringSplitOptions.RemoveEmptyEntries), new PlatformFee(b.FeeType, Money.Format(b.FeeValue)), Money.Format(b.RetailerMarginBp), b.Featured, b.Active);
}
