/// The values of Znuny's `AuthModule::DB::CryptType` (agents, a Config.pm key) and
/// `Customer::AuthModule::DB::CryptType` (customer users, SysConfig); both default to `sha2`.
/// It decides how a new password is written; when checking one, only `plain` changes anything.
public enum CryptType: String, Sendable, CaseIterable {
    case sha2, sha512, sha1, md5, apr1, crypt, bcrypt, plain
}
