-- What a database holds, for `chatcost demo`, which loads its sample only into a database that
-- is empty or holds nothing but an earlier sample: users whose e-mail ends with $1 (the demo's
-- domain) and model configs whose options contain $2 (the demo's marker). EXISTS rather than
-- count(*), so that asking a big live database costs nothing.
SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM chat_model_configs) AS has_data,
       EXISTS (SELECT 1 FROM users WHERE right(email, length($1::text)) <> $1::text) AS has_other_users,
       EXISTS (SELECT 1 FROM chat_model_configs WHERE NOT options @> $2::jsonb) AS has_other_configs
