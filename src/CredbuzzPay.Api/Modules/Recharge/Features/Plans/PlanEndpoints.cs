using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Catalogue;
using CredbuzzPay.Api.Modules.Recharge.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

// The searches run in the database, where ToLower() is LOWER(); the string.Contains overloads with a comparison do not translate.
#pragma warning disable CA1862

namespace CredbuzzPay.Api.Modules.Recharge.Features.Plans;

/// <summary>A plan of the catalogue (seed 002's Rechargeplan): circle_code null means every circle.</summary>
public sealed record PlanView(Guid Id, string OperatorCode, string? CircleCode, string PlanType, string Price, int? ValidityDays, string? Data, string? Talktime,
    string Description, bool Active);

public sealed record OperatorView(string Code, string Name, string Kind);

public sealed record CircleView(string Code, string Name);

/// <summary>A plan as staff create or change it; on a change, what is left out stays as it was.</summary>
public sealed record PlanRequest(string? OperatorCode, string? CircleCode, string? PlanType, JsonElement? Price, int? ValidityDays, string? Data, JsonElement? Talktime,
    string? Description);

/// <summary>The catalogue's filters: operator, circle (its own plans and those of every circle), type, price range, text.</summary>
public sealed record PlanQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "operator")] string? Operator,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "circle")] string? Circle,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "plan_type")] string? PlanType,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "min_price")] string? MinPrice,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "max_price")] string? MaxPrice,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "search")] string? Search);

/// <summary>Seed 002's plans: the catalogue for everyone signed in; admins create, change and deactivate plans.</summary>
internal static class PlanEndpoints
{
    public static void MapPlanEndpoints(this IEndpointRouteBuilder api)
    {
        var plans = api.MapGroup("/plans").RequireAuthorization().WithTags("Plans");
        plans.MapGet("/", ListAsync).WithSummary("Active plans, cheapest first (?operator=&circle=&plan_type=prepaid|data|topup|dth&min_price=&max_price=&search=).");
        plans.MapGet("/operators/", OperatorsAsync).WithSummary("The operators recharges are sold for.");
        plans.MapGet("/circles/", CirclesAsync).WithSummary("India's 22 telecom circles.");
        plans.MapGet("/{id}/", DetailAsync).WithSummary("One plan.");
        plans.MapPost("/", CreateAsync).RequireStaff(Roles.Admin).WithSummary("{operator_code, circle_code?, plan_type, price, validity_days?, data?, talktime?, description}");
        plans.MapPut("/{id}/", UpdateAsync).RequireStaff(Roles.Admin).WithSummary("Changes a plan (fields left out stay); purchases keep the price they paid.");
        plans.MapDelete("/{id}/", DeactivateAsync).RequireStaff(Roles.Admin).WithSummary("Deactivates a plan (kept for the purchases that name it).");
    }

    internal static async Task<Ok<Paged<PlanView>>> ListAsync([AsParameters] PlanQuery filters, [AsParameters] PageQuery paging, HttpRequest http, AppDb db,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var query = db.GetTable<PlanRow>().Where(p => p.Active);
        if (filters.Operator is { Length: > 0 } op)
        {
            var code = op.Trim().ToUpperInvariant();
            query = Operators.IsKnown(code) ? query.Where(p => p.OperatorCode == code) : throw ApiProblemException.Validation("operator", "Not an operator code (see plans/operators/).");
        }
        if (filters.Circle is { Length: > 0 } circle)
        {
            var code = circle.Trim().ToUpperInvariant();
            query = PlanCatalogue.Circles.Any(c => c.Code == code) ? query.Where(p => p.CircleCode == null || p.CircleCode == code)
                : throw ApiProblemException.Validation("circle", "Not a circle code (see plans/circles/).");
        }
        if (filters.PlanType is { Length: > 0 } type)
        {
            var t = type.Trim().ToLowerInvariant();
            query = PlanCatalogue.PlanTypes.Contains(t) ? query.Where(p => p.PlanType == t) : throw ApiProblemException.Validation("plan_type", "prepaid, data, topup or dth.");
        }
        if (Price(filters.MinPrice, "min_price") is { } min)
        {
            query = query.Where(p => p.PricePaise >= min);
        }
        if (Price(filters.MaxPrice, "max_price") is { } max)
        {
            query = query.Where(p => p.PricePaise <= max);
        }
        if (filters.Search is { Length: > 0 } search)
        {
            var s = search.Trim().ToLowerInvariant();
            query = query.Where(p => p.Description.ToLower().Contains(s) || (p.Data != null && p.Data.ToLower().Contains(s)));
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.PricePaise).ThenBy(p => p.OperatorCode).ThenBy(p => p.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(View).ToList()));
    }

    private static async Task<Ok<IReadOnlyList<OperatorView>>> OperatorsAsync(AppDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<OperatorView>>(await db.GetTable<OperatorRow>().Where(o => o.Active).OrderBy(o => o.Kind).ThenBy(o => o.Name)
            .Select(o => new OperatorView(o.Code, o.Name, o.Kind)).ToListAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<CircleView>>> CirclesAsync(AppDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CircleView>>(await db.GetTable<CircleRow>().OrderBy(c => c.Name).Select(c => new CircleView(c.Code, c.Name)).ToListAsync(cancellationToken));

    private static async Task<Ok<PlanView>> DetailAsync(string id, AppDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await FindAsync(db, id, cancellationToken)));

    internal static async Task<Created<PlanView>> CreateAsync(PlanRequest request, System.Security.Claims.ClaimsPrincipal principal, AppDb db, IAuditTrail audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var plan = Checked(request, new PlanRow { Id = Guid.CreateVersion7(now), Active = true, CreatedAt = now }, creating: true);
        plan.UpdatedAt = now;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(plan, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("recharge.plan_created", "plan", plan.Id.ToString(), View(plan), principal.Identity?.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/plans/{plan.Id}/", View(plan));
    }

    private static async Task<Ok<PlanView>> UpdateAsync(string id, PlanRequest request, System.Security.Claims.ClaimsPrincipal principal, AppDb db, IAuditTrail audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var plan = await FindAsync(db, id, cancellationToken);
        var before = View(plan);
        Checked(request, plan, creating: false);
        plan.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.UpdateAsync(plan, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("recharge.plan_updated", "plan", plan.Id.ToString(), new { before, after = View(plan) }, principal.Identity?.Name),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(plan));
    }

    internal static async Task<NoContent> DeactivateAsync(string id, System.Security.Claims.ClaimsPrincipal principal, AppDb db, IAuditTrail audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var plan = await FindAsync(db, id, cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.GetTable<PlanRow>().Where(p => p.Id == plan.Id).Set(p => p.Active, false).Set(p => p.UpdatedAt, clock.GetUtcNow().UtcDateTime).UpdateAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("recharge.plan_deactivated", "plan", plan.Id.ToString(), null, principal.Identity?.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<PlanRow> FindAsync(AppDb db, string id, CancellationToken cancellationToken)
    {
        var planId = Guid.TryParse(id, out var parsed) ? parsed : throw ApiProblemException.Validation("id", "A plan id is the id plans/ shows (a UUID).");
        return await db.GetTable<PlanRow>().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken) ?? throw ApiProblemException.NotFound("No such plan.");
    }

    /// <summary>Applies the request to <paramref name="plan"/> after checking every field given (creating: the required ones too).</summary>
    private static PlanRow Checked(PlanRequest request, PlanRow plan, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        var op = request.OperatorCode?.Trim().ToUpperInvariant() ?? (creating ? null : plan.OperatorCode);
        if (op is null || !Operators.IsKnown(op))
        {
            errors["operator_code"] = ["One of " + string.Join(", ", Operators.All.Select(o => o.Code)) + "."];
        }
        var circle = request.CircleCode is null ? (creating ? null : plan.CircleCode) : request.CircleCode.Trim().ToUpperInvariant() is { Length: > 0 } c ? c : null;
        if (circle is not null && !PlanCatalogue.Circles.Any(k => k.Code == circle))
        {
            errors["circle_code"] = ["A circle code (see plans/circles/), or leave it out for every circle."];
        }
        var type = request.PlanType?.Trim().ToLowerInvariant() ?? (creating ? null : plan.PlanType);
        var kind = Operators.All.FirstOrDefault(o => o.Code == op).Kind;
        if (type is null || !PlanCatalogue.PlanTypes.Contains(type) || (kind is not null && (type == "dth") != (kind == "dth")))
        {
            errors["plan_type"] = ["prepaid, data or topup for a mobile operator; dth for a DTH operator."];
        }
        var price = plan.PricePaise;
        if (request.Price is not null || creating)
        {
            var (paise, error) = Money.ParseRequest(request.Price);
            if (error is not null || paise > 10_000_000)
            {
                errors["price"] = ["A price from 0.01 to 100000.00 with at most two decimals."];
            }
            price = paise;
        }
        if (request.ValidityDays is < 1 or > 3650)
        {
            errors["validity_days"] = ["From 1 to 3650 days, or leave it out for a pack that runs with the current plan."];
        }
        if (request.Data is { Length: > 64 })
        {
            errors["data"] = ["At most 64 characters (\"1.5 GB/day\")."];
        }
        var talktime = plan.TalktimePaise;
        if (request.Talktime is { } given)
        {
            var (paise, error) = Money.ParseRequest(given);
            if (error is not null)
            {
                errors["talktime"] = ["An amount with at most two decimals."];
            }
            talktime = paise;
        }
        var description = request.Description?.Trim() ?? (creating ? null : plan.Description);
        if (string.IsNullOrEmpty(description) || description.Length > 255)
        {
            errors["description"] = ["Describe the plan in 1 to 255 characters."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        plan.OperatorCode = op!;
        plan.CircleCode = circle;
        plan.PlanType = type!;
        plan.PricePaise = price;
        plan.ValidityDays = request.ValidityDays ?? (creating ? null : plan.ValidityDays);
        plan.Data = request.Data?.Trim() ?? (creating ? null : plan.Data);
        plan.TalktimePaise = talktime;
        plan.Description = description!;
        return plan;
    }

    private static long? Price(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : Money.ParseText(text.Trim()) ?? throw ApiProblemException.Validation(field, "An amount with at most two decimals (\"199.00\").");

    public static PlanView View(PlanRow p) =>
        new(p.Id, p.OperatorCode, p.CircleCode, p.PlanType, Money.Format(p.PricePaise), p.ValidityDays, p.Data, p.TalktimePaise is { } t ? Money.Format(t) : null,
            p.Description, p.Active);
}
