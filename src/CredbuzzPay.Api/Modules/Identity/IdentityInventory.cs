using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>The identity module's personal data by kind and age: users, sessions and sign-in attempts.</summary>
internal sealed class IdentityInventory : IDataInventory
{
    public async Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        var (one, five) = (now.AddYears(-1), now.AddYears(-5));
        var users = db.GetTable<UserAccount>();
        var sessions = db.GetTable<UserSession>();
        var signIns = db.GetTable<LoginActivity>();
        return
        [
            new("users", await users.LongCountAsync(cancellationToken), await users.LongCountAsync(u => Instants.Before(u.CreatedAt, one), cancellationToken),
                await users.LongCountAsync(u => Instants.Before(u.CreatedAt, five), cancellationToken), await users.MinAsync(u => (DateTime?)u.CreatedAt, cancellationToken)),
            new("sessions", await sessions.LongCountAsync(cancellationToken), await sessions.LongCountAsync(s => Instants.Before(s.CreatedAt, one), cancellationToken),
                await sessions.LongCountAsync(s => Instants.Before(s.CreatedAt, five), cancellationToken), await sessions.MinAsync(s => (DateTime?)s.CreatedAt, cancellationToken)),
            new("login_activity", await signIns.LongCountAsync(cancellationToken), await signIns.LongCountAsync(a => Instants.Before(a.OccurredAt, one), cancellationToken),
                await signIns.LongCountAsync(a => Instants.Before(a.OccurredAt, five), cancellationToken), await signIns.MinAsync(a => (DateTime?)a.OccurredAt, cancellationToken)),
        ];
    }
}
