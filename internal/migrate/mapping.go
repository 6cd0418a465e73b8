package migrate

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Field is a ticket field a column can fill.
type Field string

// The fields a mapping can name, in the order the inferred mapping lists them.
const (
	FExternalID    Field = "external_id"
	FTitle         Field = "title"
	FBody          Field = "body"
	FStatus        Field = "status"
	FPriority      Field = "priority"
	FCategory      Field = "category"
	FChannel       Field = "channel"
	FOwner         Field = "owner"
	FCustomer      Field = "customer_name"
	FPhone         Field = "customer_phone"
	FCreated       Field = "created"
	FFirstResponse Field = "first_response"
	FResolved      Field = "resolved"
	FClosed        Field = "closed"
	FUpdated       Field = "updated"
)

// Fields lists every field a mapping can fill.
var Fields = []Field{FExternalID, FTitle, FBody, FStatus, FPriority, FCategory, FChannel, FOwner, FCustomer, FPhone,
	FCreated, FFirstResponse, FResolved, FClosed, FUpdated}

// required fields must have a column.
var required = []Field{FExternalID, FTitle, FCreated}

// Mapping says how one system's CSV becomes tickets.
type Mapping struct {
	System string // the external id prefix ("zammad" makes "zammad-1042")
	// Columns lists, per field, the header names that may carry it; the
	// first present wins. Names compare as domain.Fold does.
	Columns map[Field][]string
	// Values are the system's own words, read before the desk's vocabulary.
	Values map[domain.Kind]map[string]string
	// Owners maps the system's owner names to agent names.
	Owners map[string]string
	// Channel is the channel of rows without one.
	Channel domain.Channel
	// TimeLayouts are tried in order (RFC 3339 is always tried first);
	// times without an offset are in Zone, the desk's zone when nil.
	TimeLayouts []string
	Zone        *time.Location
}

// Presets are the mappings of the help desks loopdesk reads exports of.
// Column names and words are those of each system's CSV export: Zammad's
// ticket report sheet (lib/excel_sheet/ticket.rb: "#", "Title", "State",
// …, "Created At", "Closed At", "First Response At"), osTicket's agent-panel
// ticket export (include/class.queue.php getExportableFields: "Ticket
// Number", "Date Created", "Subject", "From", …, "Current Status", "Closed
// Date", "Agent Assigned"), Jira's "Export Excel CSV (all fields)"
// ("Summary", "Issue key", "Issue id", "Issue Type", "Status", …, "Created",
// "Resolved", "Description"). Matching ignores case, spaces and punctuation.
var Presets = map[string]Mapping{
	"zammad": {
		System: "zammad",
		Columns: map[Field][]string{
			// Zammad's report sheet heads the ticket number "#".
			FExternalID: {"#", "Number"}, FTitle: {"Title"}, FBody: {"Body", "Article"},
			FStatus: {"State"}, FPriority: {"Priority"}, FChannel: {"Create Channel", "Channel", "Type"},
			FOwner: {"Owner"}, FCustomer: {"Customer"}, FCreated: {"Created At", "created_at"},
			FFirstResponse: {"First Response At", "first_response_at"}, FClosed: {"Closed At", "close_at"},
			FUpdated: {"Updated At", "updated_at"},
		},
		Values: map[domain.Kind]map[string]string{
			// Zammad's "open" is a ticket someone works on; "new" nobody has.
			domain.KindStatus:  {"open": "in_progress", "pending reminder": "in_progress", "pending close": "resolved", "merged": "closed"},
			domain.KindChannel: {"phone": "hotline", "web": "web", "twitter": "social", "facebook": "social", "telegram": "social", "sms": "hotline", "note": "web"},
		},
		Channel:     domain.WebForm,
		TimeLayouts: []string{"2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02 15:04", "02.01.2006 15:04"},
	},
	"osticket": {
		System: "osticket",
		Columns: map[Field][]string{
			FExternalID: {"Ticket Number", "Number"}, FTitle: {"Subject"}, FBody: {"Message"},
			FStatus: {"Current Status", "Status"}, FPriority: {"Priority"}, FCategory: {"Help Topic"},
			FChannel: {"Source"}, FOwner: {"Agent Assigned", "Assigned To"}, FCustomer: {"From"},
			FPhone: {"Phone Number", "Phone"}, FCreated: {"Date Created", "Created"},
			FFirstResponse: {"First Response"}, FClosed: {"Closed Date", "Date Closed", "Closed"},
			FUpdated: {"Last Updated"},
		},
		Values: map[domain.Kind]map[string]string{
			domain.KindStatus:   {"open": "pending", "resolved": "resolved", "archived": "closed"},
			domain.KindChannel:  {"api": "web", "other": "offline"},
			domain.KindCategory: {"general inquiry": "question", "report a problem": "malfunction", "feedback": "suggestion", "access issue": "malfunction"},
		},
		Channel: domain.WebForm,
		// osTicket prints dates in the admin's format, m/d/Y g:i a by default.
		TimeLayouts: []string{"01/02/2006 3:04 pm", "01/02/2006 3:04 PM", "1/2/06 3:04 PM", "2006-01-02 15:04:05", "2006-01-02 15:04", "01/02/2006"},
	},
	"jira": {
		System: "jira",
		Columns: map[Field][]string{
			FExternalID: {"Issue key"}, FTitle: {"Summary"}, FBody: {"Description"},
			FStatus: {"Status"}, FPriority: {"Priority"}, FCategory: {"Issue Type"},
			FOwner: {"Assignee"}, FCustomer: {"Reporter"}, FCreated: {"Created"},
			FFirstResponse: {"Custom field (Time to first response)", "First Response Date"},
			FResolved:      {"Resolved"}, FUpdated: {"Updated"},
		},
		Values: map[domain.Kind]map[string]string{
			domain.KindStatus:   {"selected for development": "pending", "in review": "testing", "canceled": "closed"},
			domain.KindCategory: {"task": "other", "sub-task": "other", "epic": "suggestion", "service request": "question", "get it help": "question", "report a bug": "malfunction"},
		},
		Channel:     domain.WebForm,
		TimeLayouts: []string{"02/Jan/06 3:04 PM", "02/Jan/06 15:04", "2006-01-02 15:04", "02/Jan/2006 3:04 PM"},
	},
}

// Preset returns the named preset.
func Preset(name string) (Mapping, error) {
	m, ok := Presets[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Mapping{}, fmt.Errorf("--from: unknown system %q (want one of %s)", name, strings.Join(slices.Sorted(maps.Keys(Presets)), ", "))
	}
	return m, nil
}

// Recognize names the preset whose export has this header: every column a
// migration requires is there under one of the preset's names; of several
// such presets, the one that finds the most columns. "" if none: then the
// file is not one of the known desks' exports.
func Recognize(header []string) string {
	have := map[string]bool{}
	for _, h := range header {
		have[columnKey(strings.TrimPrefix(h, "\ufeff"))] = true
	}
	best, most := "", 0
	for _, name := range slices.Sorted(maps.Keys(Presets)) {
		found, complete := 0, true
		for _, f := range Fields {
			names := Presets[name].Columns[f]
			switch {
			case slices.ContainsFunc(names, func(c string) bool { return have[columnKey(c)] }):
				found++
			case slices.Contains(required, f):
				complete = false
			}
		}
		if complete && found > most {
			best, most = name, found
		}
	}
	return best
}

// mapFile is the TOML of --map: see LoadMap.
type mapFile struct {
	System     string                       `toml:"system"`
	Channel    string                       `toml:"channel"`
	TimeFormat []string                     `toml:"time_format"`
	TimeZone   string                       `toml:"time_zone"`
	Columns    map[string]any               `toml:"columns"` // a name or a list of names
	Values     map[string]map[string]string `toml:"values"`
	Owners     map[string]string            `toml:"owners"`
}

// LoadMap reads a mapping for any other CSV:
//
//	system = "helpscout"                 # external ids become helpscout-<id>
//	channel = "email"                    # rows without a channel column
//	time_format = ["2006-01-02 15:04"]   # Go layouts, besides RFC 3339
//	time_zone = "Asia/Shanghai"          # of times without an offset
//	[columns]
//	external_id = "Conversation ID"
//	title = "Subject"
//	created = ["Created", "Created At"]
//	[values.status]
//	"Active" = "in_progress"
//	[owners]
//	"张伟" = "zhangwei"
//
// Fields are those of Fields; values map to the vocabulary's ids.
func LoadMap(r io.Reader) (Mapping, error) {
	var f mapFile
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return Mapping{}, fmt.Errorf("map: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return Mapping{}, fmt.Errorf("map: unknown key %s", un[0])
	}
	m := Mapping{System: f.System, Columns: map[Field][]string{}, Values: map[domain.Kind]map[string]string{},
		Owners: f.Owners, TimeLayouts: f.TimeFormat}
	if m.System == "" {
		return m, fmt.Errorf("map: system: name the system the ids come from")
	}
	for name, v := range f.Columns {
		field := Field(name)
		if !slices.Contains(Fields, field) {
			return m, fmt.Errorf("map: columns.%s: not a field (want one of %s)", name, domain.JoinIDs(Fields))
		}
		switch v := v.(type) {
		case string:
			m.Columns[field] = []string{v}
		case []any:
			for _, x := range v {
				s, ok := x.(string)
				if !ok {
					return m, fmt.Errorf("map: columns.%s: want column names", name)
				}
				m.Columns[field] = append(m.Columns[field], s)
			}
		default:
			return m, fmt.Errorf("map: columns.%s: want a column name or a list of them", name)
		}
	}
	for kind, words := range f.Values {
		k := domain.Kind(kind)
		if !slices.Contains(domain.Kinds, k) {
			return m, fmt.Errorf("map: values.%s: not a kind (want one of %s)", kind, domain.JoinIDs(domain.Kinds))
		}
		if _, err := domain.NewVocabulary(map[domain.Kind]map[string]string{k: words}); err != nil {
			return m, fmt.Errorf("map: values.%s: %w", kind, err)
		}
		m.Values[k] = words
	}
	if f.Channel != "" {
		if m.Channel, err = domain.ParseChannel(f.Channel); err != nil {
			return m, fmt.Errorf("map: channel: %w", err)
		}
	}
	if f.TimeZone != "" {
		if m.Zone, err = time.LoadLocation(f.TimeZone); err != nil {
			return m, fmt.Errorf("map: time_zone: %w", err)
		}
	}
	return m, nil
}
