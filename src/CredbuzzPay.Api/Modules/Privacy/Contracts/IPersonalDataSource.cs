using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Privacy.Contracts;

/// <summary>A file of a person's own kept by a module (a KYC document), as it goes into their access archive.</summary>
public sealed record PersonalDataFile(string Name, string ContentType, byte[] Content);

/// <summary>What one module holds about a person: a JSON-serialisable record (numbers masked) and any files.</summary>
public sealed record PersonalDataPart(string Name, object Data, IReadOnlyList<PersonalDataFile>? Files = null);

/// <summary>
/// A module's contribution to a data principal's access archive (DPDP Act s. 11): everything it holds about the person, with identity,
/// account and card numbers masked. Each money and identity module registers one; the privacy module's job gathers them.
/// </summary>
public interface IPersonalDataSource
{
    Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, CancellationToken cancellationToken);
}
