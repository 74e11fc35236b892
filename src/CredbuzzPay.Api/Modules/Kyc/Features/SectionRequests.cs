using System.ComponentModel.DataAnnotations;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using Microsoft.AspNetCore.Mvc;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

/// <summary>
/// The Aadhaar section as the client sends it: a multipart form (its images are files), bound by the
/// framework so that the API document describes exactly these fields. Text is trimmed before it is checked.
/// </summary>
public sealed record AadhaarForm(
    [property: Required][FromForm(Name = "aadhaar_number")] string? AadhaarNumber,
    [property: Required][FromForm(Name = "name")] string? Name,
    [property: Required][FromForm(Name = "dob")] string? Dob,
    [property: Required][FromForm(Name = "gender")] string? Gender,
    [property: Required][FromForm(Name = "address")] string? Address,
    [property: Required][FromForm(Name = "front_image")] IFormFile? FrontImage,
    [property: Required][FromForm(Name = "back_image")] IFormFile? BackImage)
{
    public AadhaarForm Normalized() => this with
    {
        AadhaarNumber = FormText.Clean(AadhaarNumber), Name = FormText.Clean(Name), Dob = FormText.Clean(Dob),
        Gender = FormText.Clean(Gender)?.ToLowerInvariant(), Address = FormText.Clean(Address),
    };
}

public sealed record PanForm(
    [property: Required][FromForm(Name = "pan_number")] string? PanNumber,
    [property: Required][FromForm(Name = "name")] string? Name,
    [property: Required][FromForm(Name = "dob")] string? Dob,
    [property: Required][FromForm(Name = "pan_image")] IFormFile? PanImage)
{
    public PanForm Normalized() => this with { PanNumber = FormText.Clean(PanNumber), Name = FormText.Clean(Name), Dob = FormText.Clean(Dob) };
}

/// <summary>The business section (seed 004's list; seed 003's single <c>address</c> is taken as address line 1 when that is not given).</summary>
public sealed partial record BusinessForm(
    [property: Required][FromForm(Name = "business_name")] string? BusinessName,
    [property: Required][FromForm(Name = "business_type")] string? BusinessType,
    [property: Required][FromForm(Name = "registration_number")] string? RegistrationNumber,
    [property: Required][FromForm(Name = "registration_date")] string? RegistrationDate,
    [FromForm(Name = "gst_number")] string? GstNumber,
    [FromForm(Name = "address_line1")] string? AddressLine1,
    [FromForm(Name = "address_line2")] string? AddressLine2,
    [property: Required][FromForm(Name = "city")] string? City,
    [property: Required][FromForm(Name = "state")] string? State,
    [FromForm(Name = "country")] string? Country,
    [property: Required][FromForm(Name = "pincode")] string? Pincode,
    [property: Required][FromForm(Name = "business_phone")] string? BusinessPhone,
    [property: Required][FromForm(Name = "business_email")] string? BusinessEmail,
    [FromForm(Name = "branch_code")] string? BranchCode,
    [property: Required][FromForm(Name = "selfie")] IFormFile? Selfie,
    [FromForm(Name = "address")] string? Address)
{
    public BusinessForm Normalized() => this with
    {
        BusinessName = FormText.Clean(BusinessName), BusinessType = FormText.Clean(BusinessType)?.ToLowerInvariant(),
        RegistrationNumber = FormText.Clean(RegistrationNumber), RegistrationDate = FormText.Clean(RegistrationDate), GstNumber = FormText.Clean(GstNumber),
        AddressLine1 = FormText.Clean(AddressLine1) ?? FormText.Clean(Address), AddressLine2 = FormText.Clean(AddressLine2), City = FormText.Clean(City),
        State = FormText.Clean(State), Country = FormText.Clean(Country) ?? "India", Pincode = FormText.Clean(Pincode),
        BusinessPhone = FormText.Clean(BusinessPhone), BusinessEmail = FormText.Clean(BusinessEmail), BranchCode = FormText.Clean(BranchCode),
        ShopImages = ShopImages ?? [], Address = null,
    };
}

public sealed partial record BusinessForm
{
    /// <summary>
    /// The 1-5 files sent as <c>shop_images</c>. Bound beside the form (the endpoint's file collection): the
    /// framework cannot bind a named file list inside an [AsParameters] type.
    /// </summary>
    public IReadOnlyList<IFormFile>? ShopImages { get; init; }
}

public sealed record BankForm(
    [property: Required][FromForm(Name = "account_holder_name")] string? AccountHolderName,
    [property: Required][FromForm(Name = "account_number")] string? AccountNumber,
    [property: Required][FromForm(Name = "confirm_account_number")] string? ConfirmAccountNumber,
    [property: Required][FromForm(Name = "ifsc_code")] string? IfscCode,
    [property: Required][FromForm(Name = "account_type")] string? AccountType,
    [property: Required][FromForm(Name = "bank_name")] string? BankName,
    [property: Required][FromForm(Name = "branch_name")] string? BranchName,
    [property: Required][FromForm(Name = "bank_proof")] IFormFile? BankProof)
{
    public BankForm Normalized() => this with
    {
        AccountHolderName = FormText.Clean(AccountHolderName), AccountNumber = FormText.Clean(AccountNumber), ConfirmAccountNumber = FormText.Clean(ConfirmAccountNumber),
        IfscCode = FormText.Clean(IfscCode)?.ToUpperInvariant(), AccountType = FormText.Clean(AccountType)?.ToLowerInvariant(), BankName = FormText.Clean(BankName),
        BranchName = FormText.Clean(BranchName),
    };
}

/// <summary>The offline e-KYC file: the e-Aadhaar PDF, or a JPEG or PNG of it.</summary>
public sealed record OfflineEkycForm([property: Required][FromForm(Name = "file")] IFormFile? File);

internal static class FormText
{
    /// <summary>Trimmed, and null when nothing is left.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal static class BusinessTypes
{
    public const string SoleProprietorship = "sole_proprietorship";

    public static readonly string[] All = [SoleProprietorship, "partnership", "llp", "private_limited", "public_limited", "huf", "trust", "society", "other"];
}

internal sealed class AadhaarFormValidator : AbstractValidator<AadhaarForm>
{
    public AadhaarFormValidator(TimeProvider clock)
    {
        // Each check only after the one before passed (a When would apply to every check before it).
        RuleFor(r => r.AadhaarNumber).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("The Aadhaar number is required.")
            .Must(n => IndianIds.Aadhaar(n) is not null)
            .WithMessage("Not a valid Aadhaar number (12 digits, not starting with 0 or 1, with a valid check digit).");
        RuleFor(r => r.Name).PersonName();
        RuleFor(r => r.Dob).Adult(clock);
        RuleFor(r => r.Gender).Must(g => g is "male" or "female" or "other").WithMessage("Gender must be male, female or other.");
        RuleFor(r => r.Address).NotEmpty().WithMessage("The address is required.").MaximumLength(300).WithMessage("At most 300 characters.");
        RuleFor(r => r.FrontImage).NotNull().WithMessage("Attach the front of the Aadhaar card (front_image).");
        RuleFor(r => r.BackImage).NotNull().WithMessage("Attach the back of the Aadhaar card (back_image).");
    }
}

internal sealed class PanFormValidator : AbstractValidator<PanForm>
{
    public PanFormValidator(TimeProvider clock)
    {
        RuleFor(r => r.PanNumber).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("The PAN is required.")
            .Must(n => IndianIds.Pan(n) is not null)
            .WithMessage("Not a valid PAN (five letters, four digits, one letter: AAAAA9999A).")
            .Must(n => IndianIds.Pan(n, person: true) is not null)
            .WithMessage("This is not a personal PAN (its fourth letter must be P).");
        RuleFor(r => r.Name).PersonName();
        RuleFor(r => r.Dob).Adult(clock);
        RuleFor(r => r.PanImage).NotNull().WithMessage("Attach a picture of the PAN card (pan_image).");
    }
}

internal sealed class BusinessFormValidator : AbstractValidator<BusinessForm>
{
    public BusinessFormValidator(TimeProvider clock)
    {
        RuleFor(r => r.BusinessName).NotEmpty().WithMessage("The business name is required.").MaximumLength(200).WithMessage("At most 200 characters.");
        RuleFor(r => r.BusinessType).Must(t => BusinessTypes.All.Contains(t)).WithMessage($"Business type must be one of {string.Join(", ", BusinessTypes.All)}.");
        RuleFor(r => r.RegistrationNumber).NotEmpty().WithMessage("The registration number is required.").MaximumLength(50).WithMessage("At most 50 characters.")
            .Matches("^[A-Za-z0-9/-]+$").WithMessage("Use letters, digits, / and - only.");
        RuleFor(r => r.RegistrationDate).PastDate(clock);
        RuleFor(r => r.GstNumber).Must(g => IndianIds.Gstin(g) is not null).When(r => r.GstNumber is not null)
            .WithMessage("Not a valid GSTIN (state code, PAN, entity number, Z, check character).");
        RuleFor(r => r.AddressLine1).NotEmpty().WithMessage("Address line 1 is required.").MaximumLength(200).WithMessage("At most 200 characters.");
        RuleFor(r => r.AddressLine2).MaximumLength(200).WithMessage("At most 200 characters.");
        RuleFor(r => r.City).NotEmpty().WithMessage("The city is required.").MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.State).NotEmpty().WithMessage("The state is required.").MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.Country).NotEmpty().WithMessage("The country is required.").MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.Pincode).Must(p => IndianIds.Pincode(p) is not null).WithMessage("A pincode is 6 digits and does not start with 0.");
        RuleFor(r => r.BusinessPhone).Must(p => Contacts.Mobile(p) is not null).WithMessage("Give a 10-digit Indian mobile number (starting 6-9).");
        RuleFor(r => r.BusinessEmail).Must(Contacts.IsEmail).WithMessage("Not a valid email address.");
        RuleFor(r => r.BranchCode).MaximumLength(32).Matches("^[A-Za-z0-9_-]+$").When(r => r.BranchCode is not null).WithMessage("Not a branch code.");
        RuleFor(r => r.Selfie).NotNull().WithMessage("Attach a selfie (selfie).");
        RuleFor(r => r.ShopImages!.Count).InclusiveBetween(1, 5).OverridePropertyName("shop_images").WithMessage("Attach 1 to 5 shop images (shop_images).");
    }
}

internal sealed class BankFormValidator : AbstractValidator<BankForm>
{
    public BankFormValidator()
    {
        RuleFor(r => r.AccountHolderName).PersonName();
        RuleFor(r => r.AccountNumber).Must(n => IndianIds.AccountNumber(n) is not null).WithMessage("An account number is 9 to 18 digits.");
        RuleFor(r => r.ConfirmAccountNumber).Equal(r => r.AccountNumber).WithMessage("The account numbers do not match.");
        RuleFor(r => r.IfscCode).Must(c => IndianIds.Ifsc(c) is not null).WithMessage("Not a valid IFSC (four letters, 0, six letters or digits: AAAA0XXXXXX).");
        RuleFor(r => r.AccountType).Must(t => t is "savings" or "current").WithMessage("Account type must be savings or current.");
        RuleFor(r => r.BankName).NotEmpty().WithMessage("The bank name is required.").MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.BranchName).NotEmpty().WithMessage("The branch name is required.").MaximumLength(100).WithMessage("At most 100 characters.");
        RuleFor(r => r.BankProof).NotNull().WithMessage("Attach a bank proof (bank_proof): a cancelled cheque, passbook page or statement.");
    }
}
