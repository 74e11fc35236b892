using CredbuzzPay.Api.Modules.Access.Data;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Access;

/// <summary>Twenty demo branches (DEMO01-DEMO20), created once.</summary>
internal sealed class AccessDemoSeeder : IDemoSeeder
{
    public int Order => 5;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= 20; i++)
        {
            var code = $"DEMO{i:00}";
            context.Branches.Add(code);
            if (!await db.GetTable<Branch>().AnyAsync(b => b.BranchCode == code, cancellationToken))
            {
                await db.InsertAsync(new Branch { BranchCode = code, Name = $"Demo branch {i}", City = "Pune", State = "Maharashtra", Pincode = "411001", Active = true,
                    CreatedAt = context.Now, UpdatedAt = context.Now }, token: cancellationToken);
            }
        }
        return "branches: 20 demo branches";
    }
}
