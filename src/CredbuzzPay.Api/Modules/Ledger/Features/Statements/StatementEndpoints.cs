using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Features.Accounts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Statements;

/// <summary>An account's statement for its owner: opening balance, each posting with the running balance, closing balance.</summary>
internal static class StatementEndpoints
{
    public static void MapStatementEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/accounts").RequireAuthorization().WithTags("Accounts")
            .MapGet("/{accountNumber}/statement", StatementAsync)
            .Produces(StatusCodes.Status200OK, typeof(void), "application/json", "text/csv", "application/pdf")
            .WithSummary("Statement of one of your accounts (?from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv|pdf, Asia/Kolkata days): opening balance, lines, closing balance.");
    }

    private static async Task StatementAsync(string accountNumber, [AsParameters] StatementQuery query, HttpContext http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        CancellationToken cancellationToken)
    {
        var number = AccountEndpoints.WellFormed(accountNumber);
        var (from, to, format) = StatementReader.Read(query);
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var account = await db.GetTable<LedgerAccount>().FirstOrDefaultAsync(a => a.AccountNumber == number && a.OwnerId == caller.Id, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such account of yours.");
        await using var snapshot = await StatementReader.SnapshotAsync(db, cancellationToken);
        var head = await StatementReader.HeadAsync(db, account, caller, from, to, cancellationToken);
        var lines = StatementReader.LinesAsync(db, account.Id, from, to);
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        var name = $"statement-{number}-{from:yyyyMMdd}-{to:yyyyMMdd}";
        switch (format)
        {
            case "csv":
                response.ContentType = "text/csv; charset=utf-8";
                response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
                await StatementWriters.CsvAsync(response.Body, head, lines, cancellationToken);
                break;
            case "pdf":
                var (pdf, _) = await StatementWriters.PdfAsync(head, lines, cancellationToken);
                response.ContentType = "application/pdf";
                response.Headers.ContentDisposition = $"attachment; filename=\"{name}.pdf\"";
                response.ContentLength = pdf.Length;
                await response.Body.WriteAsync(pdf, cancellationToken);
                break;
            default:
                response.ContentType = "application/json; charset=utf-8";
                await StatementWriters.JsonAsync(response.Body, head, lines, cancellationToken);
                break;
        }
        await snapshot.CommitAsync(CancellationToken.None);
    }
}
