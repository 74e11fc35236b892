using CredbuzzPay.Api.Modules.Identity.Contracts;
using FluentValidation;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

public sealed record AadhaarForm(string? AadhaarNumber, string? Name, string? Dob, string? Gender, string? Address, bool FrontImage, bool BackImage);

public sealed record PanForm(string? PanNumber, string? Name, string? Dob, bool PanImage);

public sealed record BusinessForm(string? BusinessName, string? BusinessType, string? RegistrationNumber, string? RegistrationDate, string? GstNumber,
    string? AddressLine1, string? AddressLine2, string? City, string? State, string? Country, string? Pincode,
    string? BusinessPhone, string? BusinessEmail, string? BranchCode, bool Selfie, int ShopImages);

public sealed record BankForm(string? AccountHolderName, string? AccountNumber, string? ConfirmAccountNumber, string? IfscCode, string? AccountType,
    string? BankName, string? BranchName, bool BankProof);

internal static class BusinessTypes
{
    public const string SoleProprietorship = "sole_proprietorship";

    public static readonly string[] All = [SoleProprietorship, "partnership", "llp", "private_limited", "public_limited", "huf", "trust", "society", "other"];
}

internal sealed class AadhaarFormValidator : AbstractValidator<AadhaarForm>
{
    public AadhaarFormValidator(TimeProvider clock)
    {
        RuleFor(r => r.AadhaarNumber).NotEmpty().WithMessage("The Aadhaar number is required.")
            .Must(n => IndianIds.Aadhaar(n) is not null).When(r => !string.IsNullOrEmpty(r.AadhaarNumber))
            .WithMessage("Not a valid Aadhaar number (12 digits, not starting with 0 or 1, with a valid check digit).");
        RuleFor(r => r.Name).PersonName();
        RuleFor(r => r.Dob).Adult(clock);
        RuleFor(r => r.Gender).Must(g => g is "male" or "female" or "other").WithMessage("Gender must be male, female or other.");
        RuleFor(r => r.Address).NotEmpty().WithMessage("The address is required.").MaximumLength(300).WithMessage("At most 300 characters.");
        RuleFor(r => r.FrontImage).Equal(true).WithMessage("Attach the front of the Aadhaar card (front_image).");
        RuleFor(r => r.BackImage).Equal(true).WithMessage("Attach the back of the Aadhaar card (back_image).");
    }
}

internal sealed class PanFormValidator : AbstractValidator<PanForm>
{
    public PanFormValidator(TimeProvider clock)
    {
        RuleFor(r => r.PanNumber).NotEmpty().WithMessage("The PAN is required.")
            .Must(n => IndianIds.Pan(n) is not null).When(r => !string.IsNullOrEmpty(r.PanNumber))
            .WithMessage("Not a valid PAN (five letters, four digits, one letter: AAAAA9999A).")
            .Must(n => IndianIds.Pan(n, person: true) is not null).When(r => IndianIds.Pan(r.PanNumber) is not null)
            .WithMessage("This is not a personal PAN (its fourth letter must be P).");
        RuleFor(r => r.Name).PersonName();
        RuleFor(r => r.Dob).Adult(clock);
        RuleFor(r => r.PanImage).Equal(true).WithMessage("Attach a picture of the PAN card (pan_image).");
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
        RuleFor(r => r.Selfie).Equal(true).WithMessage("Attach a selfie (selfie).");
        RuleFor(r => r.ShopImages).InclusiveBetween(1, 5).WithMessage("Attach 1 to 5 shop images (shop_images).");
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
        RuleFor(r => r.BankProof).Equal(true).WithMessage("Attach a bank proof (bank_proof): a cancelled cheque, passbook page or statement.");
    }
}
