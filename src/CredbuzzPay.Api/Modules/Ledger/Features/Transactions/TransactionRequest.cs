using System.Text.Json;
using System.Text.RegularExpressions;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Errors;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Transactions;

/// <summary>Seed 001's transaction request; a PAYMENT to someone outside the bank names the payee instead of to_account_number.</summary>
public sealed record TransactionRequest(string? TransactionType, string? FromAccountNumber, string? ToAccountNumber, JsonElement? Amount, string? Description,
    string? PayeeName, string? PayeeAccountNumber, string? PayeeIfsc);

/// <summary>A request that passed every check that needs no lookup.</summary>
internal sealed record TransactionOrder(string Type, string? From, string? To, long AmountPaise, string? Description, PayeeDetails? Payee);

/// <summary>An outside payee as given (the number is kept only long enough to hand to the payout provider).</summary>
internal sealed record PayeeDetails(string Name, string AccountNumber, string Ifsc);

internal static partial class TransactionRequests
{
    /// <summary>Every field checked at once; all problems in one 400, before anything is looked up.</summary>
    public static TransactionOrder Read(TransactionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var type = request.TransactionType?.Trim().ToUpperInvariant() ?? "";
        if (!EntryTypes.Requestable.Contains(type))
        {
            errors["transaction_type"] = ["One of DEPOSIT, WITHDRAWAL, TRANSFER, PAYMENT, FEE, INTEREST."];
        }
        var (amount, amountError) = Money.ParseRequest(request.Amount);
        if (amountError is not null)
        {
            errors["amount"] = [amountError];
        }
        var description = request.Description?.Trim();
        if (description is { Length: > 255 })
        {
            errors["description"] = ["At most 255 characters."];
        }
        var from = Number(request.FromAccountNumber, "from_account_number", errors);
        var to = Number(request.ToAccountNumber, "to_account_number", errors);
        PayeeDetails? payee = null;
        var external = request.PayeeName is not null || request.PayeeAccountNumber is not null || request.PayeeIfsc is not null;
        var needsFrom = type is EntryTypes.Withdrawal or EntryTypes.Transfer or EntryTypes.Payment or EntryTypes.Fee;
        var needsTo = type is EntryTypes.Deposit or EntryTypes.Transfer or EntryTypes.Interest || (type == EntryTypes.Payment && !external);
        Require(needsFrom, from, request.FromAccountNumber, "from_account_number", type, errors);
        Require(needsTo, to, request.ToAccountNumber, "to_account_number", type, errors);
        if (!needsFrom && request.FromAccountNumber is not null)
        {
            errors["from_account_number"] = [$"A {type} has no source account."];
        }
        if (!needsTo && request.ToAccountNumber is not null)
        {
            errors["to_account_number"] = [type == EntryTypes.Payment ? "Give either to_account_number or the payee's details, not both." : $"A {type} has no destination account."];
        }
        if (external && type != EntryTypes.Payment)
        {
            errors["payee_name"] = ["Payee details belong to a PAYMENT only."];
        }
        if (external && type == EntryTypes.Payment)
        {
            payee = Payee(request, errors);
        }
        if (from is not null && from == to)
        {
            errors["to_account_number"] = ["The source and destination are the same account."];
        }
        return errors.Count > 0
            ? throw ApiProblemException.Validation(errors)
            : new TransactionOrder(type, from, to, amount, string.IsNullOrEmpty(description) ? null : description, payee);
    }

    private static string? Number(string? given, string field, Dictionary<string, string[]> errors)
    {
        if (given is null)
        {
            return null;
        }
        var number = given.Trim().ToUpperInvariant();
        if (AccountNumbers.IsWellFormed(number))
        {
            return number;
        }
        errors[field] = ["Not an account number: three letters (SAV, CUR, FD0, WAL, LON) and nine digits whose last is a check digit; check it for a typo."];
        return null;
    }

    private static void Require(bool needed, string? number, string? given, string field, string type, Dictionary<string, string[]> errors)
    {
        if (needed && number is null && given is null)
        {
            errors[field] = [$"A {type} needs {field}."];
        }
    }

    private static PayeeDetails? Payee(TransactionRequest request, Dictionary<string, string[]> errors)
    {
        var name = request.PayeeName?.Trim() ?? "";
        var account = request.PayeeAccountNumber?.Trim() ?? "";
        var ifsc = request.PayeeIfsc?.Trim().ToUpperInvariant() ?? "";
        if (name.Length is 0 or > 100 || !PayeeNameShape().IsMatch(name))
        {
            errors["payee_name"] = ["The payee's name: 1 to 100 letters, spaces, dots, apostrophes or hyphens."];
        }
        if (!AccountShape().IsMatch(account))
        {
            errors["payee_account_number"] = ["An Indian bank account number has 9 to 18 digits."];
        }
        if (!IfscShape().IsMatch(ifsc))
        {
            errors["payee_ifsc"] = ["An IFSC is four letters, a zero and six letters or digits (HDFC0001234)."];
        }
        return errors.ContainsKey("payee_name") || errors.ContainsKey("payee_account_number") || errors.ContainsKey("payee_ifsc") ? null : new PayeeDetails(name, account, ifsc);
    }

    [GeneratedRegex(@"^[\p{L} .'-]+$")]
    private static partial Regex PayeeNameShape();

    [GeneratedRegex("^[0-9]{9,18}$")]
    private static partial Regex AccountShape();

    [GeneratedRegex("^[A-Z]{4}0[A-Z0-9]{6}$")]
    private static partial Regex IfscShape();
}
