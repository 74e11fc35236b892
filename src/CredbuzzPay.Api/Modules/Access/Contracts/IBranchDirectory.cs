using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Access.Contracts;

/// <summary>The access module's branch lookups for other modules.</summary>
public interface IBranchDirectory
{
    /// <summary>The branch's canonical code when it exists, is active and not deleted; otherwise null.</summary>
    Task<string?> ActiveBranchAsync(AppDb db, string branchCode, CancellationToken cancellationToken = default);
}
