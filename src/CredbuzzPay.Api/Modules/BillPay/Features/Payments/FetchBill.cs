using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.BillPay.Data;
using CredbuzzPay.Api.Modules.BillPay.Providers;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.BillPay.Features.Payments;

/// <summary>
/// <c>POST bills/fetch/</c>: the parameters checked against the biller's regexes first (400 per field), then the provider
/// asked for the bill. A bill found is kept for <c>BillPay:FetchValidMinutes</c>, for this caller and these parameters.
/// </summary>
internal sealed class FetchBill
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly AppDb _db;
    private readonly IBillProvider _provider;
    private readonly BillPayTerms _terms;

    public FetchBill(AppDb db, IBillProvider provider, BillPayTerms terms)
    {
        _db = db;
        _provider = provider;
        _terms = terms;
    }

    public async Task<FetchView> FetchAsync(UserSummary caller, FetchRequest request, CancellationToken cancellationToken)
    {
        var biller = await Billers.BillerEndpoints.FindAsync(_db, request.BillerId ?? "", cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var values = BillParams.Read(biller, request.CustomerParams, errors);
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        if (!biller.Active)
        {
            throw PaymentViews.Refused("biller_suspended", "Biller suspended", "This biller takes no payments at the moment.");
        }
        if (!biller.FetchSupported)
        {
            throw PaymentViews.Refused("fetch_not_supported", "No bill fetch", "This biller does not present bills: pay an amount within its range.");
        }
        FetchedBill bill;
        try
        {
            using var timeout = new CancellationTokenSource(_terms.Options.ReplyTimeout);
            bill = await _provider.FetchAsync(biller.BillerId, values, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or OperationCanceledException)
        {
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Biller unavailable", "The biller's system did not answer; try again in a few minutes.",
                code: "provider_unavailable");
        }
        switch (bill.Outcome)
        {
            case FetchOutcome.InvalidCustomer:
                throw PaymentViews.Refused("invalid_customer", "Not found at the biller", "The biller has no account with these details; check them.");
            case FetchOutcome.NoBillDue:
                throw PaymentViews.Refused("no_bill_due", "No bill due", "The biller has no bill due for this account.");
        }
        var now = _terms.Now;
        var row = new FetchRow
        {
            Id = Guid.CreateVersion7(now), FetchId = "BFT" + RandomNumberGenerator.GetString(Alphabet, 12), UserId = caller.Id, BillerId = biller.BillerId,
            ParamsHash = BillParams.Hash(_terms.HashKey, biller.BillerId, values), CustomerName = bill.CustomerName ?? "", BillAmountPaise = bill.AmountPaise,
            MinimumDuePaise = biller.CategoryCode == Catalogue.BillerCatalogue.CreditCard ? bill.MinimumDuePaise : null, BillNumber = bill.BillNumber ?? "",
            BillDate = BankingDay.Key(bill.BillDate ?? BankingDay.Of(now)), DueDate = BankingDay.Key(bill.DueDate ?? BankingDay.Of(now)),
            ValidUntil = now.AddMinutes(_terms.Options.FetchValidMinutes), CreatedAt = now,
        };
        await _db.InsertAsync(row, token: cancellationToken);
        return new FetchView(row.FetchId, biller.BillerId, row.CustomerName, Money.Format(row.BillAmountPaise), row.MinimumDuePaise is { } m ? Money.Format(m) : null,
            row.DueDate, row.BillDate, row.BillNumber, row.ValidUntil, BillParams.Masked(values), Money.Format(BillPayTerms.FeeOf(biller, row.BillAmountPaise)));
    }
}
