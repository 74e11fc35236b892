using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Privacy.Contracts;

/// <summary>How many records of one kind of personal data a module holds, and how old they are (for the privacy report; counts, never contents).</summary>
public sealed record DataKindCount(string Kind, long Total, long OlderThanOneYear, long OlderThanFiveYears, DateTime? Oldest);

/// <summary>A module's count of the personal data it keeps, by kind, for <c>privacy-report</c>.</summary>
public interface IDataInventory
{
    Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken);
}
