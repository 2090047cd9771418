#pragma once
// MembersStore on SQLite (schema: migrations/sqlite/0010_members.sql).

#include "store/members_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

// Thread-safe: every call borrows a connection from the pool.
class SqliteMembers final : public MembersStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteMembers(ConnectionPool& pool) : pool_(pool) {}

  Result<int64_t> CreateChapter(const Chapter& c) override;
  Status UpdateChapter(const Chapter& c) override;
  Status DeleteChapter(int64_t id) override;
  Result<std::vector<Chapter>> ListChapters() override;
  Result<Chapter> GetChapter(int64_t id) override;

  Result<int64_t> CreateMember(const Member& m) override;
  Result<std::vector<int64_t>> CreateMembers(const std::vector<Member>& ms,
                                             const MemberEvent& event) override;
  Result<Member> GetMember(int64_t id) override;
  Result<Member> GetMemberByRef(const std::string& ref) override;
  Result<std::optional<Member>> FindByEmailIndex(const std::string& email_index) override;
  Status UpdateMember(const Member& m, Time at, const MemberEvent& event) override;
  Status EraseMember(int64_t id, Time at, const MemberEvent& event) override;
  Result<std::vector<int64_t>> ListDueForErasure(Time now, int limit) override;
  Result<std::vector<Member>> ListMembers(const MemberFilter& f) override;
  Result<int64_t> CountMembers(const MemberFilter& f) override;
  Result<std::vector<MemberMonthCount>> CountByChapterAndMonth(Time since) override;

  Status CreateMemberToken(const MemberToken& t) override;
  Result<MemberToken> ConsumeMemberToken(const std::string& token_hash,
                                         MemberTokenPurpose purpose, Time now) override;
  Status RevokeMemberTokens(int64_t member_id, MemberTokenPurpose purpose) override;

  Status CreateMemberSession(const MemberSession& s) override;
  Result<MemberSession> GetMemberSession(const std::string& token_hash, Time now) override;
  Status DeleteMemberSession(const std::string& token_hash) override;
  Status DeleteMemberSessions(int64_t member_id) override;

  Status AddMemberEvent(const MemberEvent& e) override;
  Result<std::vector<MemberEvent>> ListMemberEvents(int64_t member_id) override;

  Result<std::vector<SealedValue>> ListSealedProfiles(int64_t after_id, int limit) override;
  Status ReplaceSealedProfile(int64_t id, const std::string& expected,
                              const std::string& resealed) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
