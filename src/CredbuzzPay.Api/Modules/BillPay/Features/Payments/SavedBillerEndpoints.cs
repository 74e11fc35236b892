using System.Security.Claims;
using System.Text.Json;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

public sealed record SaveBillerRequest(string? BillerId, JsonElement? CustomerParams, string? Nickname);

/// <summary>A saved biller: the parameters masked (they are kept encrypted; a card number is a secret).</summary>
public sealed record SavedBillerView(Guid Id, string BillerId, string BillerName, string Nickname, IReadOnlyDictionary<string, string> CustomerParams, DateTime CreatedAt);

/// <summary>A user's saved billers: their own only (anyone else's is a 404).</summary>
internal static class SavedBillerEndpoints
{
    public static void MapSavedBillerEndpoints(this IEndpointRouteBuilder api)
    {
        var saved = api.MapGroup("/bills/saved").RequireAuthorization().WithTags("Bill payments");
        saved.MapGet("/", ListAsync).WithSummary("Your saved billers (parameters masked).");
        saved.MapPost("/", SaveAsync).WithSummary("{biller_id, customer_params, nickname}: 201; the same biller and parameters twice is a 409.");
        saved.MapDelete("/{id}/", DeleteAsync).WithSummary("Forget a saved biller (204).");
    }

    private static async Task<Ok<IReadOnlyList<SavedBillerView>>> ListAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var rows = await (from s in db.GetTable<SavedBillerRow>()
                          join b in db.GetTable<BillerRow>() on s.BillerId equals b.BillerId
                          where s.UserId == caller.Id
                          orderby s.CreatedAt descending
                          select new { s, b.Name }).Take(100).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SavedBillerView>>(rows.Select(r => View(r.s, r.Name)).ToList());
    }

    private static async Task<Created<SavedBillerView>> SaveAsync(SaveBillerRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, BillPayTerms terms,
        CancellationToken cancellationToken)
    {
        var biller = await Billers.BillerEndpoints.FindAsync(db, request.BillerId ?? "", cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var values = BillParams.Read(biller, request.CustomerParams, errors);
        var nickname = request.Nickname?.Trim();
        if (string.IsNullOrEmpty(nickname) || nickname.Length > 64)
        {
            errors["nickname"] = ["1 to 64 characters (\"Home electricity\")."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var now = terms.Now;
        var row = new SavedBillerRow
        {
            Id = Guid.CreateVersion7(now), UserId = caller.Id, BillerId = biller.BillerId, Nickname = nickname!, ParamsMasked = BillParams.Json(BillParams.Masked(values)),
            ParamsHash = BillParams.Hash(terms.HashKey, biller.BillerId, values), CreatedAt = now,
        };
        row.ParamsEncrypted = terms.SealSaved(row.Id, BillParams.Json(values));
        if (await db.GetTable<SavedBillerRow>().AnyAsync(s => s.UserId == caller.Id && s.ParamsHash == row.ParamsHash, cancellationToken))
        {
            throw Duplicate();
        }
        try
        {
            await db.InsertAsync(row, token: cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw Duplicate();
        }
        return TypedResults.Created($"/api/v1/bills/saved/{row.Id}/", View(row, biller.Name));
    }

    private static async Task<NoContent> DeleteAsync(string id, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var savedId = Guid.TryParse(id, out var parsed) ? parsed : throw ApiProblemException.Validation("id", "The id bills/saved/ shows (a UUID).");
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var deleted = await db.GetTable<SavedBillerRow>().Where(s => s.Id == savedId && s.UserId == caller.Id).DeleteAsync(cancellationToken);
        return deleted == 1 ? TypedResults.NoContent() : throw ApiProblemException.NotFound("No such saved biller of yours.");
    }

    private static ApiProblemException Duplicate() => new(StatusCodes.Status409Conflict, "Already saved", "You saved this biller with these details already.", code: "already_saved");

    private static SavedBillerView View(SavedBillerRow s, string billerName) =>
        new(s.Id, s.BillerId, billerName, s.Nickname, BillParams.FromJson(s.ParamsMasked), s.CreatedAt);
}
