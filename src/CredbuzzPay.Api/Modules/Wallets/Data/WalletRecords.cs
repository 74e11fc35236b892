using LinqToDB.Mapping;

namespace CredbuzzPay.Api.Modules.Wallets.Data;

/// <summary>Whose ledger WALLET account this is, with the tier and branch staff filter by (kept in step by <see cref="Contracts.IWallets.UserChangedAsync"/>).</summary>
[Table("wallets")]
internal sealed class WalletRow
{
    [PrimaryKey, Column("account_id")] public Guid AccountId { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("account_number"), NotNull] public string AccountNumber { get; set; } = "";
    [Column("tier"), NotNull] public string Tier { get; set; } = "";
    [Column("branch_code")] public string? BranchCode { get; set; }
    [Column("created_at")] public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One version of a user's margin on one operator (or <see cref="AllOperators"/>), in hundredths of a percent.
/// In force from <see cref="ValidFrom"/> until <see cref="ValidTo"/> (null: still in force); a change closes the row and adds one.
/// </summary>
[Table("wallet_margins")]
internal sealed class MarginRow
{
    public const string AllOperators = "*";

    [PrimaryKey, Column("id")] public Guid Id { get; set; }
    [Column("user_id")] public Guid UserId { get; set; }
    [Column("user_code"), NotNull] public string UserCode { get; set; } = "";
    [Column("operator_code"), NotNull] public string OperatorCode { get; set; } = "";
    [Column("margin_bp")] public int MarginBp { get; set; }
    [Column("valid_from")] public DateTime ValidFrom { get; set; }
    [Column("valid_to")] public DateTime? ValidTo { get; set; }
    [Column("set_by"), NotNull] public string SetBy { get; set; } = "";
}
