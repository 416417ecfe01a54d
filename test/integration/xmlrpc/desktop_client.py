"""A desktop editor's side of the XML-RPC round trip, with Python's standard
xmlrpc.client only: each step is a subcommand that prints its results as
JSON for test/integration/xmlrpc.test.ts to check (through HTTP, too).

usage: desktop_client.py ENDPOINT LOGIN PASSWORD STEP [ARGS...]
  blogs                     wp.getUsersBlogs
  post IMAGE_PATH           metaWeblog.newMediaObject, then metaWeblog.newPost with tags, a category and the image
  edit POST_ID              metaWeblog.editPost (new title and text, one tag more), then metaWeblog.getPost
  list                      metaWeblog.getRecentPosts and wp.getPosts
  delete POST_ID            blogger.deletePost
  wrong                     wp.getUsersBlogs with a wrong password: the fault
"""
import json
import sys
import xmlrpc.client


def main():
    endpoint, login, password, step, *args = sys.argv[1:]
    # use_builtin_types: dates come back as datetime (so their format is checked), base64 as bytes.
    server = xmlrpc.client.ServerProxy(endpoint, use_builtin_types=True)
    if step == "blogs":
        out = server.wp.getUsersBlogs(login, password)
    elif step == "post":
        with open(args[0], "rb") as image:
            media = server.metaWeblog.newMediaObject(
                "1", login, password, {"name": "harbour.jpg", "type": "image/jpeg", "bits": xmlrpc.client.Binary(image.read())}
            )
        post_id = server.metaWeblog.newPost(
            "1",
            login,
            password,
            {
                "title": "Sailing from the desktop",
                "description": '<p>Left the harbour at dawn.</p><p><img src="%s" alt="The harbour"></p>' % media["url"],
                "mt_keywords": "sailing, desktop",
                "categories": ["Travel"],
            },
            True,
        )
        post = server.metaWeblog.getPost(post_id, login, password)
        out = {"media": media, "postid": post_id, "post": stringify_dates(post)}
    elif step == "edit":
        post_id = args[0]
        current = server.metaWeblog.getPost(post_id, login, password)
        done = server.metaWeblog.editPost(
            post_id,
            login,
            password,
            {
                "title": "Sailing home from the desktop",
                "description": current["description"] + "<p>Back by nightfall.</p>",
                "mt_keywords": current["mt_keywords"] + ", home",
            },
            True,
        )
        out = {"done": done, "post": stringify_dates(server.metaWeblog.getPost(post_id, login, password))}
    elif step == "list":
        recent = server.metaWeblog.getRecentPosts("1", login, password, 10)
        wp_posts = server.wp.getPosts("1", login, password, {"post_type": "post", "number": 10})
        out = {
            "recent": [p["postid"] for p in recent],
            "wp": [{"id": p["post_id"], "title": p["post_title"], "status": p["post_status"]} for p in wp_posts],
            "dates": [p["dateCreated"].isoformat() for p in recent],
        }
    elif step == "delete":
        out = server.blogger.deletePost("", args[0], login, password, True)
    elif step == "wrong":
        try:
            server.wp.getUsersBlogs(login, password + "x")
            out = None
        except xmlrpc.client.Fault as fault:
            out = {"faultCode": fault.faultCode, "faultString": fault.faultString}
    else:
        raise SystemExit("unknown step %r" % step)
    json.dump(out, sys.stdout)


def stringify_dates(struct):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in struct.items()}


if __name__ == "__main__":
    main()
