using System.Security.Claims;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Wallets.Features;

/// <summary>Seed 002's set-margin: a distributor's or retailer's margin on one operator (or, without operator_code, all of them), 0 to 10 %, two decimals.</summary>
public sealed record SetMarginRequest(string? UserCode, string? OperatorCode, JsonElement? MarginPercent);

/// <summary>A margin in force: the operator (null: every operator without its own), the percent, since when and who set it.</summary>
public sealed record MarginView(string UserCode, string? OperatorCode, string MarginPercent, DateTime ValidFrom, string SetBy);

public sealed record MarginQuery([Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_code")] string? UserCode);

/// <summary>
/// Margins are differential, as in India's recharge networks: on a retailer's sale the retailer earns its margin R,
/// its distributor D − R. So a retailer's margin never exceeds its distributor's (for the same operator, or for all).
/// Each change closes the row in force and adds one; a sale uses the rows in force when it was made.
/// </summary>
internal static class MarginEndpoints
{
    public const int MaxMarginBp = 1000;

    public static void MapMarginEndpoints(this IEndpointRouteBuilder api)
    {
        var wallet = api.MapGroup("/wallet").RequireAuthorization().WithTags("Wallets");
        wallet.MapPost("/set-margin/", SetAsync)
            .WithSummary("{user_code, operator_code?, margin_percent}: admins for distributors and retailers in reach; a distributor for its own retailers, never above its own.");
        wallet.MapGet("/margins/", ListAsync).WithSummary("Your margins in force (a distributor: and its retailers'; staff: those in reach, ?user_code=).");
    }

    internal static async Task<Ok<MarginView>> SetAsync(SetMarginRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, WalletDirectory wallets,
        IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.UserCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors["user_code"] = ["Give the user_code of a distributor or retailer."];
        }
        var operatorCode = string.IsNullOrWhiteSpace(request.OperatorCode) ? MarginRow.AllOperators : request.OperatorCode.Trim().ToUpperInvariant();
        if (operatorCode != MarginRow.AllOperators && !Operators.IsKnown(operatorCode))
        {
            errors["operator_code"] = ["One of " + string.Join(", ", Operators.All.Select(o => o.Code)) + ", or leave it out for every operator."];
        }
        var bp = Percent(request.MarginPercent);
        if (bp is null)
        {
            errors["margin_percent"] = ["A percent from 0 to 10 with at most two decimals (\"2.50\")."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var target = await users.FindByCodeAsync(db, code!, cancellationToken);
        var staff = WalletViews.IsStaff(principal, caller) && Hierarchy.Rank(caller.Role) >= Hierarchy.Rank(Roles.Admin) && caller.Role != Roles.Auditor;
        if (staff)
        {
            if (target is null || target.Role != Roles.User || !Hierarchy.Sees(caller, target))
            {
                throw ApiProblemException.NotFound("No such user in your reach.");
            }
            if (!WalletDirectory.IsBusiness(target.Tier))
            {
                throw ApiProblemException.Unprocessable("Margins are for distributors and retailers.");
            }
        }
        else if (caller.Role == Roles.User && caller.Tier == Tiers.Distributor)
        {
            if (target is null || target.Tier != Tiers.Retailer || target.ParentId != caller.Id)
            {
                throw ApiProblemException.NotFound("No such retailer of yours.");
            }
        }
        else
        {
            throw ApiProblemException.Forbidden("Margins are set by admins, and by a distributor for its own retailers.");
        }
        var (wallet, _) = await wallets.EnsureAsync(db, target, cancellationToken);
        var now = Instants.StoredNow(clock);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        // The wallet row is touched first: two changes of one user's margins queue here instead of both closing the same row.
        await db.GetTable<WalletRow>().Where(w => w.AccountId == wallet.AccountId).Set(w => w.Tier, w => w.Tier).UpdateAsync(cancellationToken);
        if (target.Tier == Tiers.Retailer && target.ParentId is { } parent)
        {
            var ceiling = await InForceAsync(db, parent, operatorCode, now, cancellationToken);
            if (bp > ceiling)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Above the distributor's margin",
                    $"A retailer's margin is at most its distributor's ({Format(ceiling)} % here): the distributor earns the difference.", code: "margin_above_parent");
            }
        }
        var before = await db.GetTable<MarginRow>().Where(m => m.UserId == target.Id && m.OperatorCode == operatorCode && m.ValidTo == null)
            .Select(m => (int?)m.MarginBp).FirstOrDefaultAsync(cancellationToken);
        await db.GetTable<MarginRow>().Where(m => m.UserId == target.Id && m.OperatorCode == operatorCode && m.ValidTo == null)
            .Set(m => m.ValidTo, now).UpdateAsync(cancellationToken);
        var row = new MarginRow
        {
            Id = Guid.CreateVersion7(now), UserId = target.Id, UserCode = target.UserCode, OperatorCode = operatorCode, MarginBp = bp!.Value, ValidFrom = now, SetBy = caller.UserCode,
        };
        await db.InsertAsync(row, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("wallet.margin_set", "user", target.UserCode, new
        {
            operator_code = operatorCode, before = before is { } b ? Format(b) : null, after = Format(row.MarginBp),
        }, caller.UserCode), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(row));
    }

    internal static async Task<Ok<Paged<MarginView>>> ListAsync([AsParameters] MarginQuery filters, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var current = db.GetTable<MarginRow>().Where(m => m.ValidTo == null);
        IQueryable<MarginRow> query;
        if (WalletViews.IsStaff(principal, caller))
        {
            var limit = Hierarchy.ReadLimit(caller);
            query = from m in current
                    join w in db.GetTable<WalletRow>() on m.UserId equals w.UserId
                    where limit == null || w.BranchCode == limit
                    select m;
        }
        else
        {
            var me = caller.Id;
            var retailers = caller.Tier == Tiers.Distributor ? (await users.RetailersOfAsync(db, caller.Id, cancellationToken)).ToArray() : [];
            query = current.Where(m => m.UserId == me || retailers.Contains(m.UserId));
        }
        if (filters.UserCode is { Length: > 0 } userCode)
        {
            var wanted = userCode.Trim().ToUpperInvariant();
            query = query.Where(m => m.UserCode == wanted);
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(m => m.UserCode).ThenBy(m => m.OperatorCode).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(View).ToList()));
    }

    /// <summary>The user's margin in force at <paramref name="at"/> for the operator: its own row, else the all-operators row, else 0.</summary>
    public static async Task<int> InForceAsync(AppDb db, Guid userId, string operatorCode, DateTime at, CancellationToken cancellationToken)
    {
        var rows = await db.GetTable<MarginRow>()
            .Where(m => m.UserId == userId && (m.OperatorCode == operatorCode || m.OperatorCode == MarginRow.AllOperators)
                && Instants.AtOrBefore(m.ValidFrom, at) && (m.ValidTo == null || Instants.After(m.ValidTo.Value, at)))
            .Select(m => new { m.OperatorCode, m.MarginBp }).ToListAsync(cancellationToken);
        return rows.FirstOrDefault(r => r.OperatorCode == operatorCode)?.MarginBp ?? rows.FirstOrDefault(r => r.OperatorCode == MarginRow.AllOperators)?.MarginBp ?? 0;
    }

    private static MarginView View(MarginRow m) =>
        new(m.UserCode, m.OperatorCode == MarginRow.AllOperators ? null : m.OperatorCode, Format(m.MarginBp), m.ValidFrom, m.SetBy);

    /// <summary>Hundredths of a percent as the percent's text: 250 → "2.50".</summary>
    private static string Format(int bp) => Money.Format(bp);

    private static int? Percent(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return null;
        }
        var parsed = Money.ParseText(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText(), MaxMarginBp);
        return parsed is { } p ? (int)p : null;
    }
}
