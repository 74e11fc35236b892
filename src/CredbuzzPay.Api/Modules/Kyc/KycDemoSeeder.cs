using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>KYC sections for three users in five (no identity numbers or documents: the reports need states and times).</summary>
internal sealed class KycDemoSeeder : IDemoSeeder
{
    private static readonly string[] States = [KycStatuses.Pending, KycStatuses.Verified, KycStatuses.Verified, KycStatuses.Rejected, KycStatuses.ResubmissionRequested];

    public int Order => 40;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        var rows = new List<KycSubmission>();
        foreach (var (user, index) in context.SeededUsers.Select((u, i) => (u, i)).Where(p => p.i % 5 < 3))
        {
            foreach (var section in KycSections.All.Take(1 + index % 4))
            {
                var submitted = context.Now.AddMinutes(-DemoSeedContext.Pick(90 * 24 * 60));
                var status = States[(index + section.Length) % States.Length];
                var reviewed = status == KycStatuses.Pending ? (DateTime?)null : submitted.AddHours(1 + DemoSeedContext.Pick(72));
                rows.Add(new KycSubmission
                {
                    Id = Guid.CreateVersion7(submitted), UserId = user.Id, UserCode = user.UserCode, BranchCode = user.BranchCode, Section = section,
                    LiveKey = KycStore.LiveKey(user.Id, section), Status = status, Details = "{}", SubmittedAt = submitted, UpdatedAt = reviewed ?? submitted,
                    ReviewedAt = reviewed, VerifiedAt = status == KycStatuses.Verified ? reviewed : null, ReviewReason = status is KycStatuses.Rejected ? "demo" : null,
                });
            }
        }
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.BulkCopyAsync(new BulkCopyOptions { MaxBatchSize = 5000 }, rows, cancellationToken);
        await KycCounters.RebuildAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return $"kyc: {rows.Count} sections";
    }
}
