namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>No access token for XOAUTH2: the identity platform refused or could not be reached.</summary>
internal sealed class TokenUnavailableException(string reason) : Exception(reason);
