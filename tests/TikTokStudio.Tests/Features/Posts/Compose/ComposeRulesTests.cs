using TikTokStudio.Web.Features.Posts.Compose;
using static TikTokStudio.Tests.Features.Posts.Compose.ComposerBuilder;

namespace TikTokStudio.Tests.Features.Posts.Compose;

public sealed class ComposeRulesTests
{
    [Fact]
    public void A_Complete_Video_Post_To_A_Public_Creator_Is_Valid_At_The_Workspace_Local_Time()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE", comment: true)) with { Title = "Hello #coffee" };

        var verdict = ComposeRules.Evaluate(input, Context([account], [video]));

        Assert.True(verdict.IsValid, string.Join(" ", verdict.Errors));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), verdict.PublishAt); // 09:00 Berlin in winter
    }

    [Fact]
    public void Privacy_Has_No_Default_And_Must_Be_Chosen()
    {
        var account = PublicCreator();
        var video = Video();

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, privacy: null)), Context([account], [video]));

        Assert.Contains($"Choose who can see this post on @public_creator.", verdict.ErrorsFor($"privacy.{account.Id}"));
    }

    [Fact]
    public void A_Privacy_Level_The_Creator_Does_Not_Offer_Is_Refused()
    {
        var account = PrivateCreator();
        var video = Video();

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")), Context([account], [video]));

        Assert.Single(verdict.ErrorsFor($"privacy.{account.Id}"));
    }

    [Fact]
    public void Interactions_The_Creator_Turned_Off_Cannot_Be_Allowed()
    {
        var account = QuietCreator();
        var video = Video();

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY", comment: true, duet: true, stitch: true)), Context([account], [video]));

        Assert.Contains("@quiet_creator turned comments off on TikTok.", verdict.ErrorsFor($"comment.{account.Id}"));
        Assert.Contains("@quiet_creator turned Duet off on TikTok.", verdict.ErrorsFor($"duet.{account.Id}"));
        Assert.Contains("@quiet_creator turned Stitch off on TikTok.", verdict.ErrorsFor($"stitch.{account.Id}"));
    }

    [Theory]
    [InlineData(false, false, ConsentVariant.MusicUsage, null)]
    [InlineData(true, false, ConsentVariant.MusicUsage, "Your video will be labeled as 'Promotional content'.")]
    [InlineData(false, true, ConsentVariant.BrandedContentAndMusicUsage, "Your video will be labeled as 'Paid partnership'.")]
    [InlineData(true, true, ConsentVariant.BrandedContentAndMusicUsage, "Your video will be labeled as 'Paid partnership'.")]
    public void Disclosure_Choices_Set_The_Label_And_The_Consent_Line(bool yourBrand, bool branded, ConsentVariant consent, string? label)
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true, YourBrand = yourBrand, BrandedContent = branded };

        var verdict = ComposeRules.Evaluate(input, Context([account], [video]));

        Assert.Equal(consent, verdict.Consent);
        Assert.Equal(label, verdict.DisclosureLabel);
        Assert.Equal(yourBrand || branded, verdict.PublishBlockedReason is null);
    }

    [Fact]
    public void Disclosure_On_With_Nothing_Chosen_Blocks_Publishing_With_The_Reason()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true };

        var verdict = ComposeRules.Evaluate(input, Context([account], [video]));

        Assert.Equal(ComposeRules.DisclosureChoiceMessage, verdict.PublishBlockedReason);
        Assert.Contains(ComposeRules.DisclosureChoiceMessage, verdict.ErrorsFor("disclosure"));
    }

    [Fact]
    public void Branded_Content_Ticked_First_Blocks_Only_Me()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true, BrandedContent = true };

        var verdict = ComposeRules.Evaluate(input, Context([account], [video]));

        Assert.True(verdict.SelfOnlyBlocked);
        Assert.False(verdict.BrandedContentBlocked);
        Assert.True(verdict.IsValid);
    }

    [Fact]
    public void Only_Me_Chosen_First_Blocks_Branded_Content_And_The_Combination_Is_Refused()
    {
        var account = PublicCreator();
        var video = Video();
        var onlyMe = VideoTo(video, To(account, "SELF_ONLY")) with { DisclosureEnabled = true, YourBrand = true };
        var both = onlyMe with { BrandedContent = true };

        var first = ComposeRules.Evaluate(onlyMe, Context([account], [video]));
        var forced = ComposeRules.Evaluate(both, Context([account], [video]));

        Assert.True(first.BrandedContentBlocked);
        Assert.True(first.IsValid);
        Assert.Contains(ComposeRules.BrandedPrivateMessage, forced.ErrorsFor("disclosure"));
    }

    [Fact]
    public void Captions_Are_Counted_In_Utf16_Units_So_Emoji_Count_Twice()
    {
        var account = PublicCreator();
        var video = Video();
        var fits = string.Concat(Enumerable.Repeat("😀", 1100));   // 2,200 UTF-16 units
        var tooLong = fits + "😀";                                  // 2,202

        var ok = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY")) with { Title = fits }, Context([account], [video]));
        var refused = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY")) with { Title = tooLong }, Context([account], [video]));

        Assert.Equal(2200, fits.Length);
        Assert.Empty(ok.ErrorsFor("title"));
        Assert.Contains("The caption is 2,202 characters; TikTok allows 2,200 (emoji count as 2).", refused.ErrorsFor("title"));
    }

    [Fact]
    public void Photo_Title_And_Description_Have_Their_Own_Limits()
    {
        var account = PublicCreator();
        var input = new ComposeInput
        {
            Kind = Web.Features.Posts.PostKind.Photo, Targets = [To(account, "SELF_ONLY")], Action = ComposeAction.SaveDraft,
            Title = new string('a', 91), Description = new string('b', 4001),
        };

        var verdict = ComposeRules.Evaluate(input, Context([account]));

        Assert.Contains("The title is 91 characters; TikTok allows 90 for photo posts.", verdict.ErrorsFor("title"));
        Assert.Contains("The description is 4,001 characters; TikTok allows 4,000.", verdict.ErrorsFor("description"));
    }

    [Fact]
    public void A_Video_Longer_Than_The_Creators_Maximum_Is_Refused_For_That_Creator_Only()
    {
        var longVideo = Video(durationMs: 95_000);
        var shortCreator = Creator("Shay Short", "short_creator", ["PUBLIC_TO_EVERYONE", "SELF_ONLY"], maxDuration: 60);
        var publicCreator = PublicCreator();
        var input = VideoTo(longVideo, To(shortCreator, "SELF_ONLY"), To(publicCreator, "SELF_ONLY"));

        var verdict = ComposeRules.Evaluate(input, Context([shortCreator, publicCreator], [longVideo]));

        Assert.NotEmpty(verdict.ErrorsFor($"account.{shortCreator.Id}"));
        Assert.Empty(verdict.ErrorsFor($"account.{publicCreator.Id}"));
    }

    [Fact]
    public void A_Video_Failing_Its_Checks_Cannot_Be_Scheduled()
    {
        var account = PublicCreator();
        var slow = Video(fps: 20);

        var verdict = ComposeRules.Evaluate(VideoTo(slow, To(account, "SELF_ONLY")), Context([account], [slow]));

        Assert.Contains(verdict.ErrorsFor("media"), e => e.Contains("20 fps"));
    }

    [Fact]
    public void A_Creator_Who_Cannot_Post_Now_Blocks_Posting_Now()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video], cannotPost: new() { [account.Id] = "The creator reached today's posting limit." });

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY")) with { Action = ComposeAction.PostNow }, context);

        Assert.Contains(verdict.ErrorsFor($"account.{account.Id}"), e => e.Contains("cannot post right now"));
    }

    [Fact]
    public void A_Creator_At_Todays_Cap_Cannot_Be_Scheduled_For_Later_Today()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video], cannotPost: new() { [account.Id] = "The creator reached today's posting limit." });

        // Now is 11:00 in Berlin; 20:00 is the same day.
        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY")) with { ScheduleLocal = "2026-11-22T20:00" }, context);

        Assert.Contains(verdict.ErrorsFor($"account.{account.Id}"), e => e.Contains("cannot post right now"));
    }

    [Fact]
    public void A_Creator_At_Todays_Cap_Can_Be_Scheduled_For_Tomorrow()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video], cannotPost: new() { [account.Id] = "The creator reached today's posting limit." });

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY")) with { ScheduleLocal = "2026-11-23T09:00" }, context);

        Assert.True(verdict.IsValid, string.Join(" ", verdict.Errors));
        Assert.Contains(verdict.Warnings, w => w.Contains("this post is for a later day"));
    }

    [Fact]
    public void Media_Already_Posted_To_An_Account_Warns_And_Needs_A_Confirmation()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video]) with { AlreadyPosted = new HashSet<(Guid, Guid)> { (account.Id, video.Id) } };
        var input = VideoTo(video, To(account, "SELF_ONLY"));

        var unconfirmed = ComposeRules.Evaluate(input, context);
        var confirmed = ComposeRules.Evaluate(input with { ConfirmRepost = true }, context);
        var draft = ComposeRules.Evaluate(input with { Action = ComposeAction.SaveDraft }, context);

        Assert.True(unconfirmed.RepostConfirmationNeeded);
        Assert.Contains(unconfirmed.Warnings, w => w.Contains("TikTok's spam checks punish re-posting identical media"));
        Assert.Equal([ComposeRules.RepostConfirmMessage], unconfirmed.ErrorsFor("repost"));
        Assert.True(confirmed.IsValid, string.Join(" ", confirmed.Errors));
        Assert.Contains(confirmed.Warnings, w => w.Contains("@public_creator"));
        Assert.True(draft.IsValid, string.Join(" ", draft.Errors));
    }

    [Fact]
    public void Photos_Already_Posted_To_An_Account_Warn_Too()
    {
        var account = PublicCreator();
        var photo = Photo();
        var context = Context([account], [photo]) with { AlreadyPosted = new HashSet<(Guid, Guid)> { (account.Id, photo.Id) } };
        var input = new ComposeInput
        {
            Kind = Web.Features.Posts.PostKind.Photo, PhotoMediaIds = [photo.Id], Targets = [To(account, "SELF_ONLY")],
            Action = ComposeAction.Schedule, ScheduleLocal = "2026-11-23T09:00",
        };

        var verdict = ComposeRules.Evaluate(input, context);

        Assert.True(verdict.RepostConfirmationNeeded);
        Assert.Contains(verdict.Warnings, w => w.StartsWith("This photo (or an identical file)"));
    }

    [Fact]
    public void The_Privacy_Choices_Are_The_Creators_Own_With_The_Reason_When_One_Is_Unavailable()
    {
        var account = PublicCreator();
        var video = Video();
        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true, BrandedContent = true }, Context([account], [video]));

        var choices = ComposeRules.PrivacyChoices(account, Web.Features.Connections.PostingMode.DirectPost, verdict);

        Assert.Equal(["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], choices.Select(c => c.Value));
        Assert.Equal(["Everyone", "Friends", "Only me"], choices.Select(c => c.Label));
        Assert.Equal([null, null, ComposeRules.BrandedPrivateMessage], choices.Select(c => c.DisabledReason));
    }

    [Fact]
    public void On_An_Unaudited_App_Only_Private_Accounts_And_Only_Me_Are_Allowed()
    {
        var publicAccount = PublicCreator();
        var privateAccount = PrivateCreator();
        var video = Video();

        var verdict = ComposeRules.Evaluate(
            VideoTo(video, To(publicAccount, "SELF_ONLY"), To(privateAccount, "FOLLOWER_OF_CREATOR")),
            Context([publicAccount, privateAccount], [video], audited: false));

        Assert.Contains(verdict.ErrorsFor($"account.{publicAccount.Id}"), e => e.Contains("can only post to private accounts"));
        Assert.Contains(verdict.ErrorsFor($"privacy.{privateAccount.Id}"), e => e.Contains("\"Only me\""));
    }

    [Fact]
    public void A_Draft_Mode_Account_Needs_No_Privacy_Choice()
    {
        var account = UploadOnlyCreator();
        var video = Video();

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account)), Context([account], [video]));

        Assert.True(verdict.IsValid, string.Join(" ", verdict.Errors));
    }

    [Fact]
    public void A_Time_In_The_Past_Is_Refused()
    {
        var account = PublicCreator();
        var video = Video();

        var verdict = ComposeRules.Evaluate(VideoTo(video, To(account, "SELF_ONLY")) with { ScheduleLocal = "2026-11-22T10:30" }, Context([account], [video]));

        Assert.Contains(verdict.ErrorsFor("schedule"), e => e.Contains("has passed"));
    }

    [Fact]
    public void A_Time_Skipped_By_The_Spring_Forward_Jump_Is_Refused_With_The_Reason()
    {
        var (_, error, _) = ComposeRules.ToInstant(new DateTime(2027, 3, 28, 2, 30, 0), "Europe/Berlin");

        Assert.Equal("02:30 does not exist on 28 March 2027 in Europe/Berlin: the clocks jump forward. Choose another time.", error);
    }

    [Fact]
    public void A_Repeated_Time_On_The_Fall_Back_Day_Takes_The_First_Occurrence()
    {
        var (instant, error, note) = ComposeRules.ToInstant(new DateTime(2027, 10, 31, 2, 30, 0), "Europe/Berlin");

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), instant.ToUniversalTime());
        Assert.Contains("happens twice", note);
    }

    [Fact]
    public void Nine_In_The_Morning_Stays_Nine_Across_The_Daylight_Saving_Change()
    {
        var beforeChange = ComposeRules.ToInstant(new DateTime(2027, 3, 27, 9, 0, 0), "Europe/Berlin").Instant;
        var afterChange = ComposeRules.ToInstant(new DateTime(2027, 3, 29, 9, 0, 0), "Europe/Berlin").Instant;

        Assert.Equal(TimeSpan.FromHours(1), beforeChange.Offset);
        Assert.Equal(TimeSpan.FromHours(2), afterChange.Offset);
        Assert.Equal(9, beforeChange.Hour);
        Assert.Equal(9, afterChange.Hour);
    }
}
