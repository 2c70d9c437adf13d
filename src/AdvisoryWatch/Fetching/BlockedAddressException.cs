namespace AdvisoryWatch.Fetching;

/// <summary>A connection refused by the private-address guard; its message names the address and the key that would allow it.</summary>
public sealed class BlockedAddressException(string message) : IOException(message);
