using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>
/// Demo users (all with the password <c>Demo!Passw0rd#2026</c>, hashed once), spread over the demo
/// branches, tiers and KYC states, with three sign-in attempts each over the last 90 days.
/// </summary>
internal sealed class IdentityDemoSeeder : IDemoSeeder
{
    public const string Password = "Demo!Passw0rd#2026";
    private static readonly string[] KycStates = ["not_started", "pending", "partially_verified", "verified", "action_required"];
    private static readonly string[] Tier = [Tiers.Customer, Tiers.Customer, Tiers.Retailer, Tiers.Distributor];
    private static readonly string[] Devices = ["Desktop|Chrome|Windows", "Mobile|Chrome|Android", "Mobile|Safari|iOS", "Desktop|Firefox|Linux"];
    private readonly PasswordHasher _hasher;

    public IdentityDemoSeeder(PasswordHasher hasher) => _hasher = hasher;

    public int Order => 10;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        var hash = await _hasher.HashAsync(Password, cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..6];
        var taken = (await db.GetTable<UserAccount>().Select(u => u.UserCode).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var mobileBase = DemoSeedContext.Pick(900_000_000 - context.Users);
        var users = new List<UserAccount>(context.Users);
        var activity = new List<LoginActivity>(context.Users * 3);
        for (var i = 0; i < context.Users; i++)
        {
            string code;
            do
            {
                code = UserCodes.New();
            }
            while (!taken.Add(code));
            var branch = context.Branches.Count == 0 ? null : context.Branches[i % context.Branches.Count];
            var created = context.Now.AddMinutes(-DemoSeedContext.Pick(90 * 24 * 60));
            var user = new UserAccount
            {
                Id = Guid.CreateVersion7(created),
                UserCode = code,
                Email = $"demo-{run}-{i}@demo.invalid",
                EmailNormalized = $"demo-{run}-{i}@demo.invalid",
                Mobile = "+916" + (mobileBase + i).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
                FirstName = "Demo",
                LastName = "User " + i,
                PasswordHash = hash,
                Role = Roles.User,
                Tier = Tier[i % Tier.Length],
                BranchCode = branch,
                Status = i % 50 == 0 ? UserStatuses.Blocked : UserStatuses.Active,
                KycStatus = KycStates[i % KycStates.Length],
                EmailVerifiedAt = created,
                MobileVerifiedAt = created,
                PasswordChangedAt = created,
                CreatedAt = created,
                UpdatedAt = created,
            };
            users.Add(user);
            context.SeededUsers.Add(new DemoUser(user.Id, code, branch ?? ""));
            for (var a = 0; a < 3; a++)
            {
                var device = Devices[DemoSeedContext.Pick(Devices.Length)].Split('|');
                var at = context.Now.AddMinutes(-DemoSeedContext.Pick(90 * 24 * 60));
                var ok = a != 2 || i % 7 != 0;
                if (ok && (user.LastLoginAt is null || user.LastLoginAt < at))
                {
                    user.LastLoginAt = at;
                }
                activity.Add(new LoginActivity
                {
                    Id = Guid.CreateVersion7(at), UserId = user.Id, IdentifierMask = "d***o@demo.invalid", Outcome = ok ? LoginOutcomes.Success : LoginOutcomes.BadPassword,
                    IpAddress = $"10.{i % 250}.{a}.{DemoSeedContext.Pick(250) + 1}", Device = device[0], Browser = device[1], Os = device[2], OccurredAt = at,
                });
            }
        }
        // Seed 002's network: each retailer hangs under a distributor (round-robin) and works in its distributor's branch.
        var distributors = users.Where(u => u.Tier == Tiers.Distributor).ToList();
        var next = 0;
        for (var i = 0; i < users.Count && distributors.Count > 0; i++)
        {
            if (users[i].Tier == Tiers.Retailer)
            {
                var parent = distributors[next++ % distributors.Count];
                users[i].ParentUserId = parent.Id;
                users[i].BranchCode = parent.BranchCode;
                context.SeededUsers[^(users.Count - i)] = context.SeededUsers[^(users.Count - i)] with { BranchCode = parent.BranchCode ?? "" };
            }
        }
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await db.BulkCopyAsync(new BulkCopyOptions { MaxBatchSize = 5000 }, users, cancellationToken);
            await db.BulkCopyAsync(new BulkCopyOptions { MaxBatchSize = 5000 }, activity, cancellationToken);
            await LoginCounters.RebuildAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return $"identity: {users.Count} users (password {Password}), {activity.Count} sign-in attempts";
    }
}
