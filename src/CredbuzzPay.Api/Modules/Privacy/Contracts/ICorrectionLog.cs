using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Privacy.Contracts;

/// <summary>
/// The right to correction (DPDP Act s. 12) is exercised through the modules' own endpoints (the profile, a KYC resubmission); each records it
/// here, inside its own transaction, so the person's request log shows it beside their access and erasure requests. The text names
/// what was corrected (fields, a KYC section), never the values.
/// </summary>
public interface ICorrectionLog
{
    Task RecordAsync(AppDb db, Guid userId, string userCode, string? branchCode, string what, CancellationToken cancellationToken);
}
