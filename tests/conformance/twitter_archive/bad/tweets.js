window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1712345678901234567" ], "editableUntil" : "2023-10-12T10:30:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ { "text" : "서울", "indices" : [ "12", "15" ] } ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "27" ],
      "favorite_count" : "3",
      "id_str" : "1712345678901234567",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1712345678901234567",
      "created_at" : "Thu Oct 12 09:30:00 +0000 2023",
      "favorited" : false,
      "full_text" : "오늘 날씨 정말 좋다 #서울 산책 최고",
      "lang" : "ko"
    }
  },
  {
    "twee