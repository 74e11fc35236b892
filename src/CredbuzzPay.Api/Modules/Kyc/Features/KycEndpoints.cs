using System.Security.Claims;
using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Review;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

/// <summary>The user's own KYC endpoints (seed 003 #8-#16, seed 000's verify and resume endpoints) and the document link.</summary>
internal static class KycEndpoints
{
    public static void MapKycUserEndpoints(this IEndpointRouteBuilder api, long perDocument)
    {
        // A form carries its documents plus a little text.
        long Form(int documents) => perDocument * documents + 64 * 1024;
        var kyc = api.MapGroup("/kyc").RequireAuthorization().RequireFeature("kyc").WithTags("KYC");

        var aadhaar = kyc.MapGroup("/aadhaar");
        aadhaar.MapPost("/submit_aadhaar", async ([AsParameters] AadhaarForm form, ClaimsPrincipal p, AppDb db, IUserDirectory users, SubmitSection handler, CancellationToken ct) =>
                TypedResults.Created((string?)null, await handler.AadhaarAsync(form, await KycForm.CallerAsync(p, users, db, ct), ct)))
            .AsForm(Form(2))
            .WithSummary("Aadhaar number, name, dob, gender, address, front_image and back_image (multipart); an OTP goes to the registered mobile.");
        aadhaar.MapPost("/verify_otp", async (KycOtpRequest request, ClaimsPrincipal p, AppDb db, IUserDirectory users, VerifySection handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.AadhaarOtpAsync(await KycForm.CallerAsync(p, users, db, ct), request, ct)))
            .Validate<KycOtpRequest>().WithSummary("Confirm the Aadhaar with the OTP.");
        aadhaar.MapPost("/resend_otp", async (ClaimsPrincipal p, AppDb db, IUserDirectory users, VerifySection handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ResendAadhaarOtpAsync(await KycForm.CallerAsync(p, users, db, ct), ct)))
            .WithSummary("Send a new Aadhaar OTP (after the cooldown).");
        aadhaar.MapPost("/upload_offline", async ([AsParameters] OfflineEkycForm form, ClaimsPrincipal p, AppDb db, IUserDirectory users, VerifySection handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.OfflineAsync(await KycForm.CallerAsync(p, users, db, ct), form, ct)))
            .AsForm(Form(1)).WithSummary("Attach the offline e-KYC file (e-Aadhaar PDF, JPEG or PNG) to the pending Aadhaar details.");

        var pan = kyc.MapGroup("/pan");
        pan.MapPost("/submit_pan", async ([AsParameters] PanForm form, ClaimsPrincipal p, AppDb db, IUserDirectory users, SubmitSection handler, CancellationToken ct) =>
                TypedResults.Created((string?)null, await handler.PanAsync(form, await KycForm.CallerAsync(p, users, db, ct), ct)))
            .AsForm(Form(1))
            .WithSummary("PAN number, name on PAN, dob and pan_image (multipart); checked against the PAN register.");

        var business = kyc.MapGroup("/business");
        // The framework binds a file list only as the whole form's files, and names it in the API document after the
        // parameter: hence the snake_case name, and the filter to the files actually sent as shop_images.
#pragma warning disable IDE1006
        business.MapPost("/submit_business", async ([AsParameters] BusinessForm form, IFormFileCollection shop_images, ClaimsPrincipal p,
                    AppDb db, IUserDirectory users, SubmitSection handler, CancellationToken ct) =>
                TypedResults.Created((string?)null, await handler.BusinessAsync(form with { ShopImages = shop_images.GetFiles("shop_images") },
                    await KycForm.CallerAsync(p, users, db, ct), ct)))
#pragma warning restore IDE1006
            .AsForm(Form(6))
            .WithSummary("Business details, selfie and 1-5 shop_images (multipart); OTPs go to the business phone and email.");
        business.MapPost("/verify_contact", async (ContactOtpRequest request, ClaimsPrincipal p, AppDb db, IUserDirectory users, VerifySection handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ContactAsync(await KycForm.CallerAsync(p, users, db, ct), request, ct)))
            .Validate<ContactOtpRequest>().WithSummary("Verify the business phone or email with its OTP.");
        business.MapPost("/resend_contact_otp", async (ContactResendRequest request, ClaimsPrincipal p, AppDb db, IUserDirectory users, VerifySection handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ResendContactAsync(await KycForm.CallerAsync(p, users, db, ct), request, ct)))
            .Validate<ContactResendRequest>().WithSummary("Send a new code to the business phone or email.");

        var bank = kyc.MapGroup("/bank");
        bank.MapPost("/submit_bank", async ([AsParameters] BankForm form, ClaimsPrincipal p, AppDb db, IUserDirectory users, SubmitSection handler, CancellationToken ct) =>
                TypedResults.Created((string?)null, await handler.BankAsync(form, await KycForm.CallerAsync(p, users, db, ct), ct)))
            .AsForm(Form(1))
            .WithSummary("Holder, account number twice, IFSC, type, bank and branch name, bank_proof (multipart).");
        bank.MapPost("/verify_penny_drop", async (ClaimsPrincipal p, AppDb db, IUserDirectory users, VerifySection handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.PennyDropAsync(await KycForm.CallerAsync(p, users, db, ct), ct)))
            .WithSummary("Credit one rupee to the account and compare the holder name the bank answers.");

        foreach (var (group, section) in new[] { (aadhaar, KycSections.Aadhaar), (pan, KycSections.Pan), (business, KycSections.Business), (bank, KycSections.Bank) })
        {
            group.MapGet($"/get_{section}_status", (ClaimsPrincipal p, AppDb db, IUserDirectory users, KycStore store, IOptions<KycOptions> o, CancellationToken ct) =>
                StatusAsync(p, db, users, store, o.Value, section, ct)).WithSummary($"The {KycStore.Label(section)} section: numbers masked, checks, document links, score.");
        }

        kyc.MapGet("/status/get_kyc_status", async (ClaimsPrincipal p, AppDb db, IUserDirectory users, KycStore store, IOptions<KycOptions> o, CancellationToken ct) =>
        {
            var user = await KycForm.CallerAsync(p, users, db, ct);
            var live = await store.AllLiveAsync(db, user.Id, ct);
            return TypedResults.Ok(KycStatusReport.Status(live, CrossChecks.Run(live, o.Value.NameMatchThreshold), KycStore.Overall(live.Values.Select(s => s.Status).ToList(), live.Count)));
        }).WithSummary("Completion, overall status, each section's status and score, next steps.");
        kyc.MapGet("/resume", async (ClaimsPrincipal p, AppDb db, IUserDirectory users, KycStore store, CancellationToken ct) =>
        {
            var user = await KycForm.CallerAsync(p, users, db, ct);
            return TypedResults.Ok(KycStatusReport.Resume(await store.AllLiveAsync(db, user.Id, ct)));
        }).WithSummary("Where the user left off: personal → aadhaar → pan → business → bank → review.");

        // Outside the feature gate: reviewers open documents whatever their own feature grants.
        api.MapGroup("/kyc/documents").RequireAuthorization().WithTags("KYC").MapGet("/{documentId:guid}", DocumentAsync)
            .WithSummary("A KYC document, to its owner and to the staff allowed to review the owner (404 to everyone else).");
    }

    private static async Task<Ok<Dictionary<string, object?>>> StatusAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, KycStore store, KycOptions options,
        string section, CancellationToken cancellationToken)
    {
        var user = await KycForm.CallerAsync(principal, users, db, cancellationToken);
        var live = await store.AllLiveAsync(db, user.Id, cancellationToken);
        if (!live.TryGetValue(section, out var submission))
        {
            return TypedResults.Ok(SectionViews.NotSubmitted(section));
        }
        var report = CrossChecks.Run(live, options.NameMatchThreshold);
        return TypedResults.Ok(SectionViews.Build(store, submission, await store.DocumentsAsync(db, submission.Id, cancellationToken), report.SectionScores[section]));
    }

    private static async Task<IResult> DocumentAsync(Guid documentId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, DocumentStore files, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var (bytes, contentType, fileName) = await ReadDocumentAsync(documentId, principal, db, users, files, cancellationToken);
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return TypedResults.File(bytes, contentType);
    }

    /// <summary>A document, to its owner and to the staff allowed to review the owner (404 to everyone else): the API's and the console's.</summary>
    internal static async Task<(byte[] Bytes, string ContentType, string FileName)> ReadDocumentAsync(Guid documentId, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        DocumentStore files, CancellationToken cancellationToken)
    {
        var caller = await KycForm.CallerAsync(principal, users, db, cancellationToken);
        var document = await db.GetTable<KycDocument>().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw ApiProblemException.NotFound();
        if (document.UserId != caller.Id)
        {
            // Staff reach a document as they reach the case (admin/kyc/...): from a staff platform, for a user they review.
            var owner = StaffAccess.OnStaffPlatform(principal) ? await users.FindAsync(db, document.UserId, cancellationToken) : null;
            if (owner is null || !ReviewAccess.MayReview(caller, owner))
            {
                throw ApiProblemException.NotFound();
            }
        }
        var bytes = await files.ReadAsync(document.Id, document.StorageName, cancellationToken);
        return (bytes, document.ContentType, document.Kind + Extension(document.ContentType));
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        _ => ".pdf",
    };
}
