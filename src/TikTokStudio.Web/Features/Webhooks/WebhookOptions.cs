namespace TikTokStudio.Web.Features.Webhooks;

/// <summary><c>Webhooks:*</c> settings (documented in appsettings.Example.json and this folder's README).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Lets endpoints on loopback and private addresses (and plain http there) through. Development and tests only.</summary>
    public bool AllowPrivateUrls { get; set; }

    /// <summary>Runs this instance's sender loop. Off only in tests that drive <see cref="WebhookSender"/> themselves.</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>How often the sender looks for due rows when nothing woke it (rows committed by another instance, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries one instance sends at once.</summary>
    public int MaxParallel { get; set; } = 8;

    /// <summary>An endpoint failing without a success for this long is turned off and its Admins are told.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long finished deliveries (delivered or given up) and their attempts stay in the endpoints' logs.</summary>
    public TimeSpan DeliveryLogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a TikTok webhook's body hash is kept to recognise a repeat (TikTok retries for up to 72 h).</summary>
    public TimeSpan TikTokReceiptRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How old a TikTok-Signature timestamp may be (either way) before the webhook is refused.</summary>
    public TimeSpan TikTokSignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
