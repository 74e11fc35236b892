using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>The identity module's personal data by kind and age: users, sessions and sign-in attempts.</summary>
internal sealed class IdentityInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        return
        [
            await DataKindCount.OfAsync("users", db.GetTable<UserAccount>(), u => u.CreatedAt, now, cancellationToken),
            await DataKindCount.OfAsync("sessions", db.GetTable<UserSession>(), s => s.CreatedAt, now, cancellationToken),
            await DataKindCount.OfAsync("login_activity", db.GetTable<LoginActivity>(), a => a.OccurredAt, now, cancellationToken),
        ];
    }
}
