using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Kyc;

internal sealed class VerifiedBankAccounts : IVerifiedBankAccounts
{
    private readonly KycStore _store;

    public VerifiedBankAccounts(KycStore store) => _store = store;

    public async Task<VerifiedBankAccount?> FindAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default)
    {
        var bank = await _store.LiveAsync(db, userId, KycSections.Bank, cancellationToken);
        if (bank is not { Status: KycStatuses.Verified, NumberEncrypted: not null })
        {
            return null;
        }
        var details = KycStore.DetailsOf(bank);
        var number = _store.OpenNumber(bank);
        return new VerifiedBankAccount(details.GetValueOrDefault("account_holder_name") ?? "", number, details.GetValueOrDefault("ifsc_code") ?? "",
            Platform.Privacy.Masks.Number(number));
    }
}
