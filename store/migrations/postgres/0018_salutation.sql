-- PostgreSQL twin of migrations/0018_salutation.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Replies never show masked data: the stock templates greeted the customer
-- by the masked name ("Hello J*** M*****", "张**您好"). They now use a
-- salutation that needs no name, and the Chinese ones name the team in
-- Chinese ({team} is the team's name in the reply's language). A template
-- the desk has edited is left as the desk wrote it.

UPDATE reply_templates SET body = '您好！我们已收到您的反馈（工单号 {key}），{team}团队正在处理，预计 {expected} 前给您答复。如有补充，请直接回复本消息。——{agent}'
    WHERE name = 'acknowledgement' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，我们已收到您的反馈（工单号 {key}），{team}正在处理，预计 {expected} 前给您答复。如有补充，请直接回复本消息。——{agent}';

UPDATE reply_templates SET body = 'Hello, we have received your feedback (ticket {key}). Our {team} team is on it and expects to get back to you by {expected}. Just reply to this message if you have anything to add. — {agent}'
    WHERE name = 'acknowledgement' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, we have received your feedback (ticket {key}). Our {team} team is on it and expects to get back to you by {expected}. Just reply to this message if you have anything to add. — {agent}';

UPDATE reply_templates SET body = '您好！关于工单 {key}：{team}团队仍在处理中，预计 {expected} 前解决。给您带来不便，敬请谅解。——{agent}'
    WHERE name = 'progress' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，关于工单 {key}：{team}仍在处理中，预计 {expected} 前解决。给您带来不便，敬请谅解。——{agent}';

UPDATE reply_templates SET body = 'Hello, an update on ticket {key}: our {team} team is still working on it and expects to resolve it by {expected}. Sorry for the inconvenience. — {agent}'
    WHERE name = 'progress' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, an update on ticket {key}: our {team} team is still working on it and expects to resolve it by {expected}. Sorry for the inconvenience. — {agent}';

UPDATE reply_templates SET body = '您好！工单 {key} 反映的问题已处理完毕。请确认问题是否已解决，并花一分钟为我们的服务评分：{survey_link} ——{agent}'
    WHERE name = 'resolution' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，工单 {key} 反映的问题已处理完毕。请确认问题是否已解决，并花一分钟为我们的服务评分：{survey_link} ——{agent}';

UPDATE reply_templates SET body = 'Hello, the problem reported in ticket {key} has been resolved. Please confirm it is fixed for you and take a minute to rate our service: {survey_link} — {agent}'
    WHERE name = 'resolution' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, the problem reported in ticket {key} has been resolved. Please confirm it is fixed for you and take a minute to rate our service: {survey_link} — {agent}';

UPDATE reply_templates SET body = '您好！感谢您对工单 {key} 的评价。很抱歉这次没有让您满意，我们会继续跟进，并尽快与您联系。——{agent}'
    WHERE name = 'follow_up' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，感谢您对工单 {key} 的评价。很抱歉这次没有让您满意，我们会继续跟进，并尽快与您联系。——{agent}';

UPDATE reply_templates SET body = 'Hello, thank you for rating ticket {key}. We are sorry we did not meet your expectations; we are following up and will contact you shortly. — {agent}'
    WHERE name = 'follow_up' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, thank you for rating ticket {key}. We are sorry we did not meet your expectations; we are following up and will contact you shortly. — {agent}';

UPDATE reply_templates SET body = '您好！您在工单 {key} 中反映的问题已经修复：{summary} 感谢您的反馈。——{agent}'
    WHERE name = 'problem_fixed' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，您在工单 {key} 中反映的问题已经修复：{summary} 感谢您的反馈。——{agent}';

UPDATE reply_templates SET body = 'Hello, the problem you reported in ticket {key} is now fixed: {summary} Thank you for telling us. — {agent}'
    WHERE name = 'problem_fixed' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, the problem you reported in ticket {key} is now fixed: {summary} Thank you for telling us. — {agent}';

UPDATE reply_templates SET body = '您好！感谢您在工单 {key} 中提出的建议。经过评估，我们暂不采纳，原因是：{summary} 欢迎继续提出意见。——{agent}'
    WHERE name = 'problem_declined' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，感谢您在工单 {key} 中提出的建议。经过评估，我们暂不采纳，原因是：{summary} 欢迎继续提出意见。——{agent}';

UPDATE reply_templates SET body = 'Hello, thank you for your suggestion in ticket {key}. We have looked at it carefully and will not take it up, because: {summary} Please keep telling us what you need. — {agent}'
    WHERE name = 'problem_declined' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, thank you for your suggestion in ticket {key}. We have looked at it carefully and will not take it up, because: {summary} Please keep telling us what you need. — {agent}';

UPDATE reply_templates SET body = '您好！您在工单 {key} 中提出的需求已列入产品计划，预计在 {release} 版本中提供。——{agent}'
    WHERE name = 'problem_planned' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，您在工单 {key} 中提出的需求已列入产品计划，预计在 {release} 版本中提供。——{agent}';

UPDATE reply_templates SET body = 'Hello, the feature you asked for in ticket {key} is on our roadmap for release {release}. — {agent}'
    WHERE name = 'problem_planned' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, the feature you asked for in ticket {key} is on our roadmap for release {release}. — {agent}';

UPDATE reply_templates SET body = '您好！关于工单 {key}，我们还在等待您的答复：{question} 收到您的回复后我们会立即继续处理；如一直未收到答复，工单将自动结案。——{team}团队'
    WHERE name = 'wait_reminder' AND lang = 'zh' AND updated_by = 'system'
    AND body = '{customer}您好，关于工单 {key}，我们还在等待您的答复：{question} 收到您的回复后我们会立即继续处理；如一直未收到答复，工单将自动结案。——{team}';

UPDATE reply_templates SET body = 'Hello, about ticket {key} we are still waiting for your answer: {question} We will carry on as soon as you reply; without an answer the ticket will be closed. — the {team} team'
    WHERE name = 'wait_reminder' AND lang = 'en' AND updated_by = 'system'
    AND body = 'Hello {customer}, about ticket {key} we are still waiting for your answer: {question} We will carry on as soon as you reply; without an answer the ticket will be closed. — {team}';
