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

    /// <summary>
    /// The same, with identity numbers in full when <paramref name="fullNumbers"/> (the person asked for them and confirmed it with a fresh OTP).
    /// Only a module holding such numbers (KYC) overrides it; the others' parts are the same either way.
    /// </summary>
    Task<PersonalDataPart> ExportAsync(AppDb db, Guid userId, bool fullNumbers, CancellationToken cancellationToken) => ExportAsync(db, userId, cancellationToken);
}
