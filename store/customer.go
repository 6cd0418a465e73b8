package store

import (
	"github.com/loopdesk/loopdesk/internal/domain"
)

// hashCols are the customer hash columns of tickets, duplicates and
// rejected, in the order hashArgs and scanHashes use.
const hashCols = "customer_phone_hash, customer_email_hash, customer_wechat_hash, customer_name_hash"

// hashArgs binds h to hashCols; an unset hash is NULL.
func hashArgs(h domain.CustomerHashes) []any {
	return []any{nullBytes(h.Phone), nullBytes(h.Email), nullBytes(h.WeChat), nullBytes(h.Name)}
}

// hashDests scans hashCols into h (NULL gives nil).
func hashDests(h *domain.CustomerHashes) []any {
	return []any{&h.Phone, &h.Email, &h.WeChat, &h.Name}
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// customerHashes computes the keyed hashes of in's raw customer fields,
// keeping in's own for those given only masked (a restored item).
func (s *Store) customerHashes(in NewTicket) domain.CustomerHashes {
	return domain.CustomerHashes{
		Phone:  s.keys.Phone(in.CustomerPhone),
		Email:  s.keys.Email(in.CustomerEmail),
		WeChat: s.keys.WeChat(in.CustomerWeChat),
		Name:   s.keys.Name(cleanText(in.CustomerName)),
	}.Merge(in.hashes)
}
