namespace CredbuzzPay.Api.Modules.Privacy;

/// <summary>The first version of the privacy notice, in English and Hindi, as the privacy migration stores it. Later versions are published by staff.</summary>
public static class PrivacyNotice
{
    public static readonly string[] Languages = ["en", "hi"];

    public static readonly (string Language, string Body)[] FirstVersion =
    [
        ("en", """
        CredbuzzPay privacy notice (version 1)

        What we collect: your name, email address and mobile number; your Aadhaar number, PAN, business details, bank account and the documents and selfie you upload for KYC; the accounts, wallets, transactions, recharges, bill payments and loans you make; and the devices, addresses and times you sign in from.

        Why (the purposes you consent to):
        1. account - to open and run your account and keep it secure (required);
        2. kyc_verification - to verify your identity as RBI's KYC Master Direction requires (required);
        3. payments - to move your money and keep the records the law requires (required);
        4. marketing - to tell you about offers (optional, off until you turn it on; withdraw it any time).

        Your rights under the Digital Personal Data Protection Act, 2023: to know what we hold about you, to have it corrected, to have it erased where no law requires us to keep it, to withdraw consent as easily as you gave it, to nominate someone, and to have your grievance answered within 30 days. RBI rules require us to keep KYC and transaction records for at least five years after our relationship ends; we keep them locked for that purpose only and then delete them.

        Contact our grievance officer (shown with this notice) or file a grievance in the app. If you are not satisfied, you may complain to the Data Protection Board of India.
        """),
        ("hi", """
        CredbuzzPay गोपनीयता सूचना (संस्करण 1)

        हम क्या एकत्र करते हैं: आपका नाम, ईमेल पता और मोबाइल नंबर; आपका आधार नंबर, पैन, व्यवसाय का विवरण, बैंक खाता और केवाईसी के लिए अपलोड किए गए दस्तावेज़ व सेल्फ़ी; आपके खाते, वॉलेट, लेन-देन, रिचार्ज, बिल भुगतान और ऋण; और वे उपकरण, पते और समय जिनसे आप साइन इन करते हैं।

        क्यों (वे उद्देश्य जिनके लिए आप सहमति देते हैं):
        1. account - आपका खाता खोलने, चलाने और सुरक्षित रखने के लिए (आवश्यक);
        2. kyc_verification - आरबीआई के केवाईसी मास्टर निर्देश के अनुसार आपकी पहचान सत्यापित करने के लिए (आवश्यक);
        3. payments - आपका पैसा भेजने और कानून द्वारा आवश्यक रिकॉर्ड रखने के लिए (आवश्यक);
        4. marketing - आपको ऑफ़र के बारे में बताने के लिए (वैकल्पिक, जब तक आप चालू न करें तब तक बंद; कभी भी वापस लें)।

        डिजिटल व्यक्तिगत डेटा संरक्षण अधिनियम, 2023 के अंतर्गत आपके अधिकार: यह जानना कि हम आपके बारे में क्या रखते हैं, उसे सुधरवाना, जहाँ कोई कानून रखने को न कहे वहाँ उसे मिटवाना, सहमति उतनी ही आसानी से वापस लेना जितनी आसानी से दी थी, किसी को नामित करना, और 30 दिनों के भीतर अपनी शिकायत का उत्तर पाना। आरबीआई के नियमों के अनुसार हमें संबंध समाप्त होने के बाद कम से कम पाँच वर्ष तक केवाईसी और लेन-देन के रिकॉर्ड रखने होते हैं; हम उन्हें केवल इसी उद्देश्य के लिए बंद रखते हैं और फिर हटा देते हैं।

        हमारे शिकायत अधिकारी से संपर्क करें (इस सूचना के साथ दिखाए गए) या ऐप में शिकायत दर्ज करें। यदि आप संतुष्ट नहीं हैं, तो आप भारतीय डेटा संरक्षण बोर्ड से शिकायत कर सकते हैं।
        """),
    ];
}
